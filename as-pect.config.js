// as-pect runs the AssemblyScript unit specs: pure filter units (regex, JSON,
// SSE framing, masking) tested without a proxy-wasm host.
module.exports = {
  include: ["filter/**/__tests__/**/*.spec.ts"],
  add: ["filter/**/__tests__/**/*.include.ts"],
  flags: {
    "--runtime": ["full"],
  },
  disclude: [/node_modules/],
  // as-pect 5.0.1's allocation tracer (rtrace) does not follow AssemblyScript
  // 0.17's in-place shrinking reallocation (__renew), which the standard
  // library uses in String.UTF8.decode of non-ASCII text, toLowerCase and
  // join; every such call reports "shadow region already in use". Memory
  // safety is checked instead by the host tests, which run the real module.
  nortrace: true,
  imports(memory, createImports, instantiateSync, binary) {
    return instantiateSync(binary, createImports({}));
  },
  outputBinary: false,
};
