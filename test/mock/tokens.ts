// Deterministic token counts, so tests can assert usage exactly:
// one token per whitespace-separated word. Real tokenizers differ; tests need predictability, not realism.

export function countTokens(text: string): number {
  return text.split(/\s+/u).filter((word) => word.length > 0).length;
}
