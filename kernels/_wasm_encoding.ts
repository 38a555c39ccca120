/**
 * The few pieces of the WebAssembly binary format the hand-encoded CPU
 * kernels need (the AdamW SIMD loop, the dropout keep-mask loop): LEB128
 * numbers, sections, names, SIMD opcodes. Each kernel writes its own
 * instructions with these; nothing is compiled from text.
 *
 * @module
 */

/**
 * Unsigned LEB128.
 *
 * @param n a non-negative integer below 2³²
 * @returns its bytes
 */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
}

/**
 * Signed LEB128 (`i32.const` immediates).
 *
 * @param n a 32-bit integer
 * @returns its bytes
 */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0)) {
      out.push(low);
      return out;
    }
    out.push(low | 0x80);
  }
}

/**
 * A section: its id, then its content's length and the content.
 *
 * @param id the section id (1 types, 3 functions, 5 memory, 7 exports, 10 code, …)
 * @param content its bytes
 * @returns the section's bytes
 */
export function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

/**
 * A name (import or export): its length, then its ASCII bytes.
 *
 * @param s the name
 * @returns its bytes
 */
export function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

/**
 * A SIMD instruction: the 0xfd prefix and the opcode in LEB128.
 *
 * @param op the SIMD opcode (e.g. 0x0b for v128.store)
 * @returns its bytes
 */
export function simd(op: number): number[] {
  return [0xfd, ...leb(op)];
}
