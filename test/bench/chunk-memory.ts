// Run as child processes by the bench: peak memory of an import job's functions on a CSV of a given size.
// `generate MIB DIR` writes the file (a process of its own: making it costs memory too); `plan DIR` cuts
// it into chunks as the plan task does (streamed, hashed); `chunk DIR` reads and parses the last chunk
// (at the file's far end) into asset rows, as a chunk task does before its dry-run checks. Each prints
// one JSON line with its peak resident set in KiB.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [mode, arg1, arg2] = process.argv.slice(2);
process.env.ISMF_RUNTIME = 'local';
process.env.ISMF_BLOB_DIR = mode === 'generate' ? arg2! : arg1!;
const { blobStore, writeLocalBlobFrom } = await import('@ismf/store/blob-store');
const { cutCsv } = await import('@ismf/jobs/plan');
const { chunkRows } = await import('@ismf/jobs/chunk');
const { rowsFromCsvRecords } = await import('@ismf/assets/import');

const key = 'bench-memory/jobs/01JDQ8R6Z8W4X3N2K1M0P9Q7RS/input/register.csv';
const store = blobStore('bench-memory', { table: 'none', objects: 'read' });
const cutFile = resolve(process.env.ISMF_BLOB_DIR, 'cut.json');

async function* csv(target: number) {
  yield 'externalId,name,type,owner,classification,confidentiality,integrity,availability,description\n';
  let written = 0;
  for (let row = 1; written < target; row++) {
    // A quoted field with a newline now and then: the cut must follow the parser, not the lines.
    const line = `CMDB-${row},"Server ${row}",physical,01JDQ8R6Z8W4X3N2K1M0P9Q7RT,internal,3,2,2,"rack ${row % 40}${row % 97 === 0 ? '\nsecond line' : ''}, hall B"\n`;
    written += line.length;
    yield line;
  }
}

if (mode === 'generate') {
  await writeLocalBlobFrom(key, csv(Number(arg1) * 1024 * 1024), 'text/csv');
} else if (mode === 'plan') {
  const cut = await cutCsv(store, key);
  writeFileSync(cutFile, JSON.stringify({ plan: cut.plan, last: cut.chunks.at(-1) }));
  console.log(JSON.stringify({ rows: cut.plan.rows, chunks: cut.plan.chunks, maxRssKib: process.resourceUsage().maxRSS }));
} else {
  const { plan, last } = JSON.parse(readFileSync(cutFile, 'utf8'));
  const input = await chunkRows(store, { data: { plan } } as never, last);
  const rows = input.format === 'csv' ? rowsFromCsvRecords(input.columns, input.rows).length : 0;
  console.log(JSON.stringify({ rows, firstLine: last.line, maxRssKib: process.resourceUsage().maxRSS }));
}
