/** The part of seek-bzip (MIT, pure JS, no types of its own) that bzip2.ts uses. */
declare module 'seek-bzip' {
  interface BunzipInput {
    readByte(): number;
    read(buffer: Uint8Array, offset: number, length: number): number;
    seek(position: number): void;
  }
  interface BunzipOutput {
    writeByte(byte: number): void;
  }
  const Bunzip: {
    decode(input: BunzipInput, output: BunzipOutput, multistream?: boolean): void;
  };
  export default Bunzip;
}
