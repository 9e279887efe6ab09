// Errors are values, never exceptions: patterns come from users' CRDs and a
// `throw` in AssemblyScript aborts the whole Envoy VM.

export class RegexError {
  constructor(
    public message: string,
    // Byte offset in the pattern's UTF-8 where the problem starts.
    public position: i32,
    // Index of the offending pattern within a PatternSet (0 for a single regex).
    public patternIndex: i32 = 0,
  ) {}
}
