export type UploadResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/**
 * Sends a file as the raw request body (streamed by the route handler, never buffered whole),
 * reporting upload progress, which fetch cannot do.
 */
export function uploadCsv<T>(url: string, file: File, onProgress: (fraction: number) => void): Promise<UploadResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ ok: true, data: body as T });
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      resolve({ ok: false, code: error?.code ?? `http_${xhr.status}`, message: error?.message ?? "" });
    };
    xhr.onerror = () => resolve({ ok: false, code: "upload_failed", message: "" });
    xhr.send(file);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const CSV_UPLOAD_MAX_BYTES = 30 * 1024 * 1024;
