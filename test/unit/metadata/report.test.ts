import assert from 'node:assert/strict';
import { lookupReport, plainReason } from '../../../src/core/metadata/report';

const refused = (service: 'huggingface' | 'arxiv' | 'doi') => ({
  service,
  message: 'connection refused (ECONNREFUSED)',
  failedRequests: 1,
  gaveUp: true,
});

describe('what a lookup says when it ends', () => {
  it('says "offline?" once when no service answered, without errno codes', () => {
    const report = lookupReport({
      asked: 61,
      found: 0,
      notFound: 0,
      cancelled: false,
      failures: [refused('huggingface'), refused('arxiv')],
      answeredRequests: 0,
    });
    assert.ok(report.offline && report.warning);
    assert.equal(report.message.match(/offline\?/g)?.length, 1);
    assert.doesNotMatch(report.message, /ECONN|EAI_|ENOTFOUND|[A-Z]{5,}/);
  });

  it('names the services that failed in words when others answered', () => {
    const report = lookupReport({ asked: 4, found: 3, notFound: 1, cancelled: false, failures: [refused('doi')], answeredRequests: 2 });
    assert.equal(report.offline, false);
    assert.equal(
      report.message,
      'Digest Notes: metadata found for 3 of 4 papers; 1 not found (titles must match exactly). doi.org (connection refused) could not ' +
        'answer; the papers left open are asked again next time.',
    );
    assert.deepEqual(lookupReport({ asked: 1, found: 1, notFound: 0, cancelled: false, failures: [], answeredRequests: 1 }), {
      message: 'Digest Notes: metadata found for 1 of 1 paper.',
      warning: false,
      offline: false,
    });
  });

  it('keeps reasons readable without codes', () => {
    assert.equal(plainReason('host not found (offline?) (EAI_AGAIN)'), 'host not found (offline?)');
    assert.equal(plainReason('HTTP 503 after 4 tries'), 'HTTP 503 after 4 tries');
    assert.equal(plainReason('(ECONNRESET)'), 'no answer');
  });
});
