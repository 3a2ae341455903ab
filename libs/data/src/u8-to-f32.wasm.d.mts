export const U8_TO_F32_WASM: string;
