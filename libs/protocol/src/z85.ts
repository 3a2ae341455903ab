// Z85 (ZeroMQ RFC 32), the text form of CURVE keys: 4 bytes <-> 5 characters.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Z85 text of `bytes` (length a multiple of 4). */
export function z85Encode(bytes: Uint8Array): string {
  if (bytes.length % 4 !== 0) throw new RangeError(`z85Encode: length ${bytes.length} is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    let v = view.getUint32(i);
    let group = '';
    for (let j = 0; j < 5; j++) {
      group = ALPHABET[v % 85] + group;
      v = Math.floor(v / 85);
    }
    out += group;
  }
  return out;
}

/** Bytes of Z85 text (length a multiple of 5); throws on a character outside the alphabet or an overflowing group. */
export function z85Decode(text: string): Buffer {
  if (text.length % 5 !== 0) throw new RangeError(`z85Decode: length ${text.length} is not a multiple of 5`);
  const out = Buffer.alloc((text.length / 5) * 4);
  for (let i = 0; i < text.length; i += 5) {
    let v = 0;
    for (let j = 0; j < 5; j++) {
      const d = VALUE.get(text[i + j]);
      if (d === undefined) throw new RangeError(`z85Decode: character ${JSON.stringify(text[i + j])} is not Z85`);
      v = v * 85 + d;
    }
    if (v > 0xffffffff) throw new RangeError(`z85Decode: group ${JSON.stringify(text.slice(i, i + 5))} overflows 32 bits`);
    out.writeUInt32BE(v, (i / 5) * 4);
  }
  return out;
}

/** Whether `text` is a 32-byte CURVE key in Z85 (40 characters). */
export function isZ85Key(text: string): boolean {
  if (text.length !== 40) return false;
  try {
    z85Decode(text);
    return true;
  } catch {
    return false;
  }
}
