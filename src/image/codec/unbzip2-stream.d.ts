// unbzip2-stream ships no types: the subset used here is a classic `through` stream (a Duplex).
declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  export default function unbzip2Stream(): Duplex;
}
