// Set from package.json by build.mjs (esbuild `define`); "dev" when run from source.
declare const WEIR_VERSION: string | undefined;

export const VERSION = typeof WEIR_VERSION === "string" ? WEIR_VERSION : "dev";
