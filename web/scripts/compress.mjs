// After `next build`: every text file of out/ written compressed beside itself (name.br and
// name.gz, at the highest levels), which the API sends to browsers that accept them. Compressing
// once here costs a few seconds per build instead of CPU on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const OUT = new URL("../out/", import.meta.url).pathname;
const TEXT = /\.(html|js|css|txt|svg|json|map)$/;
const SMALLEST = 1024; // below a packet, compression saves nothing a person notices

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name) && statSync(path).size >= SMALLEST) yield path;
  }
}

let count = 0;
let before = 0;
let after = 0;
for (const path of files(OUT)) {
  const content = readFileSync(path);
  const brotli = brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  count += 1;
  before += content.length;
  after += brotli.length;
}
console.log(`compressed ${count} files: ${Math.round(before / 1024)} KB, ${Math.round(after / 1024)} KB with brotli`);
