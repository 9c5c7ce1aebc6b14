import * as assert from 'node:assert/strict';
import { KeyedDebouncer } from '../../../src/vscode/util/debouncer';

describe('KeyedDebouncer', () => {
  it('runs only the last task per key, once the delay passed', async () => {
    const ran: string[] = [];
    const debouncer = new KeyedDebouncer<string>(10);
    debouncer.schedule('a', () => ran.push('a1'));
    debouncer.schedule('a', () => ran.push('a2'));
    debouncer.schedule('b', () => ran.push('b1'));
    await new Promise(resolve => setTimeout(resolve, 30));
    assert.deepEqual(ran.sort(), ['a2', 'b1']);
    assert.equal(debouncer.has('a'), false);
  });

  it('flush runs what is pending now, once, and nothing later', async () => {
    const ran: string[] = [];
    const debouncer = new KeyedDebouncer<string>(10);
    debouncer.schedule('a', () => ran.push('a1'));
    debouncer.schedule('a', () => ran.push('a2'));
    debouncer.schedule('b', () => ran.push('b1'));
    debouncer.cancel('b');
    debouncer.flush();
    assert.deepEqual(ran, ['a2']);
    assert.equal(debouncer.has('a'), false);
    await new Promise(resolve => setTimeout(resolve, 30));
    assert.deepEqual(ran, ['a2'], 'the flushed task does not run again when its timer would have fired');
  });
});
