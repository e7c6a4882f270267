/**
 * The wire form of tlsCaCert: EMF returns base64 of the PEM text, so EMF clients decode it the
 * way they always did. '' (no certificate) stays ''.
 */
export function encodeCertificateForWire(pem: string): string {
  if (pem === '') return '';
  return btoa(pem);
}
