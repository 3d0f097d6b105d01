// Builds the page afresh into a temporary folder and compares it, file by file, with the bundle
// shipped in the Python package: they must be the same bytes (`make test` runs this, so CI fails
// when someone edits frontend/ without building, or edits the bundle by hand).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "vite";

const SHIPPED = fileURLToPath(new URL("../../saleor_stepmail/static/saleor_stepmail/dashboard/", import.meta.url));

function files(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path))
    .sort();
}

const fresh = mkdtempSync(join(tmpdir(), "stepmail-page-"));
try {
  await build({ logLevel: "warn", build: { outDir: fresh, emptyOutDir: true } });
  const built = files(fresh);
  const shipped = files(SHIPPED);
  const differ = [...new Set([...built, ...shipped])].filter((name) => {
    if (!built.includes(name) || !shipped.includes(name)) return true;
    return !readFileSync(join(fresh, name)).equals(readFileSync(join(SHIPPED, name)));
  });
  if (differ.length) {
    console.error(`The shipped bundle differs from a fresh build: ${differ.join(", ")}`);
    console.error("Run `npm run build` in frontend/ and commit saleor_stepmail/static/saleor_stepmail/dashboard/.");
    process.exit(1);
  }
  console.log(`The shipped bundle is a fresh build (${built.length} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
