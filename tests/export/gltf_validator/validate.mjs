// Validate one .gltf or .glb file with the Khronos glTF validator; print the JSON report.
// Usage: node validate.mjs FILE   (exit code 0 when the report was printed)
import { readFile } from "node:fs/promises";
import path from "node:path";
import validator from "gltf-validator";

const file = process.argv[2];
const bytes = new Uint8Array(await readFile(file));
const report = await validator.validateBytes(bytes, {
  uri: path.basename(file),
  maxIssues: 100,
  // Everything we write is self-contained: any external reference is itself an error.
  externalResourceFunction: (uri) => Promise.reject(new Error(`external resource ${uri}`)),
});
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
