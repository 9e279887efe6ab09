// A validation entry point for the controller: it runs the filter's own
// configuration parser on a plugin config before Envoy ever sees it, so a
// config that renders is a config that loads. Envoy ignores these exports.
//
// Protocol: the caller copies the config into memory from `malloc`, calls
// weir_validate_config(ptr, len); a non-zero result is the byte length of the
// error message, readable at weir_validation_error().

import { parsePluginConfig } from "./config/parse";

let lastError = new ArrayBuffer(0);

export function weir_validate_config(ptr: usize, len: u32): u32 {
  const bytes = new Uint8Array(len);
  memory.copy(bytes.dataStart, ptr, len);
  const result = parsePluginConfig(bytes);
  if (result.config === null) {
    lastError = String.UTF8.encode(result.error);
  } else {
    lastError = new ArrayBuffer(0);
  }
  return lastError.byteLength;
}

export function weir_validation_error(): usize {
  return changetype<usize>(lastError);
}
