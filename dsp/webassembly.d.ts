// The part of the WebAssembly JS API that Hotline uses. Node provides the
// global at run time; TypeScript only declares it in the DOM libraries,
// which the engine does not load.

declare namespace WebAssembly {
  type ImportValue = Function | Global | Memory | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  type ExportValue = Function | Global | Memory;
  type Exports = Record<string, ExportValue>;
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Global {
    constructor(descriptor: { value: string; mutable?: boolean }, v?: number);
    value: number;
  }
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
