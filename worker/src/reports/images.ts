// Pixel size of a PNG or JPEG from its header, so a screenshot can be placed in a report at a thumbnail size that keeps
// its proportions (the Worker has no image decoder; docx needs the size it should draw).

export interface ImageInfo {
  type: 'png' | 'jpg';
  width: number;
  height: number;
}

/** PNG: the IHDR chunk after the 8-byte signature. JPEG: the first start-of-frame marker. Null for anything else. */
export function imageInfo(bytes: Uint8Array): ImageInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR') {
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    return width > 0 && height > 0 ? { type: 'png', width, height } : null;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1] ?? 0;
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      const length = view.getUint16(i + 2);
      // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const height = view.getUint16(i + 5);
        const width = view.getUint16(i + 7);
        return width > 0 && height > 0 ? { type: 'jpg', width, height } : null;
      }
      i += 2 + length;
    }
  }
  return null;
}

/** Scales a size to fit a box, never enlarging it. */
export function fitInto(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
