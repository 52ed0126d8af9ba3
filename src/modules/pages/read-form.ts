import { Request } from 'express';
import { readBody } from 'src/infra/http/read-body';

const FORM_LIMIT_BYTES = 16 * 1024;

/** The fields of a page's form post (`application/x-www-form-urlencoded`; the app has no body parser). */
export async function readForm(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(
    (await readBody(request, FORM_LIMIT_BYTES, 'page form (16 KiB)')).toString('utf8'),
  );
}
