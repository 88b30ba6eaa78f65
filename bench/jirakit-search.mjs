// jirakit's side of the search benchmark: searchIssues over the simulator with a PAT, streaming,
// connected as a user's script does (getConfig + connect). argv: server token jql fields.
// Prints the count, seconds, peak RSS, minor page faults (fresh memory touched) and, under --expose-gc, the heap retained after a full GC
// every 2,000 issues (what the loop holds, as opposed to garbage not yet collected).
// BENCH_JIRAKIT_INDEX runs another build (e.g. the one before a change) for a side-by-side figure.
const { connect, getConfig } = await import(process.env.BENCH_JIRAKIT_INDEX ?? '../dist/index.js');

const [server, token, jql, fields] = process.argv.slice(2);
const t0 = performance.now();
const jira = await connect(await getConfig(['--server', server, '--token', token], { HOME: process.env.HOME }));
let count = 0;
const retainedMiB = [];
for await (const issue of jira.searchIssues(jql, { fields: fields.split(',') })) {
  if (issue.key) count++;
  if (globalThis.gc && count % 2000 === 0) {
    globalThis.gc();
    retainedMiB.push(Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)));
  }
}
console.log(JSON.stringify({ count, seconds: (performance.now() - t0) / 1000, maxRssKiB: process.resourceUsage().maxRSS, minorFaults: process.resourceUsage().minorPageFault, retainedMiB }));
