// Builds the SIMD and the scalar WebAssembly kernels from one AssemblyScript source.
import { main } from "assemblyscript/asc";

for (const target of ["simd", "scalar"]) {
  const { error, stderr } = await main(["--target", target], { stdout: process.stdout, stderr: process.stderr });
  if (error) {
    process.stderr.write(`kernel build (${target}) failed: ${error.message}\n${stderr.toString()}\n`);
    process.exit(1);
  }
}
