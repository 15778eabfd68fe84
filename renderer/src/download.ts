/** Saves bytes the backend produced as a download (a save dialog in Electron, the downloads folder in a browser). */
export function downloadBase64(fileName: string, dataBase64: string, mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'): void {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function fileToBase64(file: File): Promise<string> {
  // FileReader encodes natively: no per-chunk String.fromCharCode spread, no 2× binary string.
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : '';
}
