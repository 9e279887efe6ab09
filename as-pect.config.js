// as-pect runs the AssemblyScript unit specs: pure filter units (regex, JSON,
// SSE framing, masking) tested without a proxy-wasm host.
module.exports = {
  include: ["filter/**/__tests__/**/*.spec.ts"],
  add: ["filter/**/__tests__/**/*.include.ts"],
  flags: {
    "--runtime": ["full"],
  },
  disclude: [/node_modules/],
  imports(memory, createImports, instantiateSync, binary) {
    return instantiateSync(binary, createImports({}));
  },
  outputBinary: false,
};
