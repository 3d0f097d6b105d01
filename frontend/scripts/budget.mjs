// Prints the size of the built page, raw and gzipped, and fails when it is over the budget:
// the first load of the page is these two files.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const OUT = new URL("../../saleor_stepmail/static/saleor_stepmail/dashboard/", import.meta.url);
const BUDGET_GZIP_BYTES = 400 * 1024;
let total = 0;
for (const name of ["app.js", "style.css"]) {
  const bytes = readFileSync(new URL(name, OUT));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`${name.padEnd(10)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB  ${(gzipped / 1024).toFixed(1).padStart(7)} KiB gzipped`);
}
console.log(`total gzipped ${(total / 1024).toFixed(1)} KiB of a ${BUDGET_GZIP_BYTES / 1024} KiB budget`);
if (total > BUDGET_GZIP_BYTES) {
  console.error("over the bundle budget");
  process.exit(1);
}
