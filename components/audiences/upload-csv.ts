import { errorCode, type ErrorCode } from "@/lib/errors";

export type UploadResult<T> = { ok: true; data: T } | { ok: false; error: ErrorCode };

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
      const error = (body as { error?: ErrorCode } | null)?.error;
      resolve({ ok: false, error: typeof error?.code === "string" ? error : errorCode("common.errors.http", { status: xhr.status }) });
    };
    xhr.onerror = () => resolve({ ok: false, error: errorCode("audiences.csvErrors.upload_failed") });
    xhr.send(file);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const CSV_UPLOAD_MAX_BYTES = 30 * 1024 * 1024;
