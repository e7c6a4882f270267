export * from './modalias-pattern.js';
export * from './pci-modalias.js';
export * from './pci-class-names.js';
export * from './driver-table.js';
export * from './driver-coverage.js';
export * from './driver-check-options.js';
export * from './driver-table-subset.js';
export * from './usb-modalias.js';
