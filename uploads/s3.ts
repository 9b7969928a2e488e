import type { UploadStore } from './port'

/*
 * S3_URL names the bucket, and optionally the keys and the server:
 *
 *   s3://ACCESS_KEY_ID:SECRET_ACCESS_KEY@bucket?endpoint=https://minio.example.com:9000&region=us-east-1
 *
 * - bucket: the host part.
 * - endpoint: an S3-compatible server (MinIO, Garage, R2…); absent, AWS itself.
 * - region: us-east-1 when absent.
 * - the keys are percent-decoded (a secret with "/" in it is written with %2F);
 *   without them the SDK's default chain finds credentials (AWS_* variables,
 *   ~/.aws, an instance role).
 */
export interface S3Config {
  bucket: string
  region: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** A malformed S3_URL; `problem` reads on after the variable's name. */
export class S3UrlError extends Error {
  constructor(readonly problem: string) {
    super(`S3_URL ${problem}`)
  }
}

const EXAMPLE = 's3://KEY:SECRET@bucket?endpoint=https://minio.example.com:9000&region=us-east-1'

/** Reads S3_URL. Messages never repeat the URL: it may hold a secret. */
export function parseS3Url(value: string): S3Config {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new S3UrlError(`is not a URL: write it as ${EXAMPLE}`)
  }
  if (url.protocol !== 's3:') throw new S3UrlError(`must start with s3://, not ${url.protocol}//`)
  if (!url.hostname) throw new S3UrlError(`names no bucket: the bucket is the host part, as in ${EXAMPLE}`)
  if (url.port) throw new S3UrlError('gives a port after the bucket: give the server as ?endpoint=https://host:port')
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new S3UrlError('has a path after the bucket: uploads are kept under uploads/ in the bucket itself')
  }
  const unknown = [...url.searchParams.keys()].find((key) => key !== 'endpoint' && key !== 'region')
  if (unknown) throw new S3UrlError(`has an unknown parameter "${unknown}": only endpoint and region are read`)

  const config: S3Config = { bucket: url.hostname, region: url.searchParams.get('region') || 'us-east-1' }

  const endpoint = url.searchParams.get('endpoint')
  if (endpoint !== null) {
    let parsed: URL | undefined
    try {
      parsed = new URL(endpoint)
    } catch {
      parsed = undefined
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
      throw new S3UrlError('has an endpoint that is not an http:// or https:// URL, e.g. endpoint=https://minio.example.com:9000')
    }
    config.endpoint = endpoint
  }

  if (url.username || url.password) {
    if (!url.username || !url.password) {
      throw new S3UrlError('gives half of the credentials: write both as s3://ACCESS_KEY_ID:SECRET_ACCESS_KEY@bucket, or neither')
    }
    try {
      config.credentials = { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) }
    } catch {
      throw new S3UrlError('has credentials that are not validly percent-encoded')
    }
  }
  return config
}

/**
 * Bytes in an S3-compatible bucket, under uploads/<hash>. Content addressing
 * makes a second put of a hash write the same bytes again, so a plain put is
 * enough: no conditional write, which not every S3-compatible server knows.
 */
export function createS3Store(config: S3Config): UploadStore {
  // The SDK takes a quarter of a second to load: only a forum that uses S3 pays for it.
  const loaded = import('@aws-sdk/client-s3').then((sdk) => ({
    sdk,
    client: new sdk.S3Client({
      region: config.region,
      credentials: config.credentials,
      ...(config.endpoint && {
        endpoint: config.endpoint,
        // MinIO, Garage and R2 serve buckets by path, not by subdomain.
        forcePathStyle: true,
        // The SDK's default checksums use headers some S3-compatible servers refuse.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }),
  }))
  const Bucket = config.bucket
  const key = (hash: string) => `uploads/${hash}`

  return {
    kind: 's3',
    async put(hash, bytes, contentType) {
      const { sdk, client } = await loaded
      await client.send(new sdk.PutObjectCommand({ Bucket, Key: key(hash), Body: bytes, ContentType: contentType }))
    },
    async get(hash) {
      const { sdk, client } = await loaded
      try {
        const object = await client.send(new sdk.GetObjectCommand({ Bucket, Key: key(hash) }))
        const bytes = await object.Body!.transformToByteArray()
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      } catch (error) {
        if (isMissingObject(error)) return null
        throw error
      }
    },
    async delete(hash) {
      const { sdk, client } = await loaded
      // S3 answers a delete of a missing key with success, like the port asks.
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: key(hash) }))
    },
    async ping() {
      const { sdk, client } = await loaded
      await client.send(new sdk.HeadBucketCommand({ Bucket }))
    },
    async close() {
      const { client } = await loaded
      client.destroy()
    },
  }
}

/**
 * A missing object: NoSuchKey, or a bare 404 from servers that send no code.
 * A missing bucket is a 404 too, but a misconfiguration, not an absent upload.
 */
function isMissingObject(error: unknown) {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  if (name === 'NoSuchKey') return true
  return $metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket'
}
