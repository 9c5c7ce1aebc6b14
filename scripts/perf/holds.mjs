// What ran during each hold over 50 ms the perf spec saw: the functions that took its time.
// Usage: node scripts/perf/holds.mjs DIR/NAME.cpuprofile (next to it NAME.holds.json, both written
// by test/vscode/searchPerf.spec.ts when run with DIGEST_NOTES_PERF_PROFILE=DIR).
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const holds = JSON.parse(readFileSync(file.replace(/\.cpuprofile$/, '.holds.json'), 'utf8'));
const nodes = new Map(profile.nodes.map(node => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const name = id => {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};
const labels = id => {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parents.get(at)) seen.add(name(at));
  return seen;
};

/** Samples as [ms from the profile's start, node id]. */
const samples = [];
let time = profile.startTime / 1000;
for (let i = 0; i < profile.samples.length; i++) {
  time += profile.timeDeltas[i] / 1000;
  samples.push([time, profile.samples[i]]);
}

for (const [start, end] of holds) {
  const inside = samples.filter(([at]) => at >= start && at <= end).map(([, id]) => id);
  const self = new Map();
  const total = new Map();
  for (const id of inside) {
    self.set(name(id), (self.get(name(id)) ?? 0) + 1);
    for (const label of labels(id)) total.set(label, (total.get(label) ?? 0) + 1);
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([label, count]) => `${((count / Math.max(inside.length, 1)) * 100).toFixed(0).padStart(3)}% ${label}`)
      .join('\n      ');
  console.log(`hold ${(end - start).toFixed(0)} ms at +${(start - profile.startTime / 1000).toFixed(0)} ms (${inside.length} samples)`);
  console.log(`  self:\n      ${top(self, 6)}`);
  console.log(`  total:\n      ${top(total, 16)}`);
}
