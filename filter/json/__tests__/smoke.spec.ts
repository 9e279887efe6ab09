describe("toolchain", () => {
  it("runs as-pect", () => {
    expect<i32>(19 + 23).toBe(42);
  });
});
