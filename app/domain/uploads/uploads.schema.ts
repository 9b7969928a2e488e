import { z } from 'zod'

/** Staff taking an upload down at /mod/uploads: the file's hash, and why, for the audit log. */
export const removeUploadSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'That is not an upload.'),
  reason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional(),
})
