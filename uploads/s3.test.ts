import { describe, expect, it } from 'vitest'

import { readEnv } from '../server/env'
import { storeContract } from './contract'
import { createS3Store, parseS3Url } from './s3'

const url = process.env.S3_URL

if (url) {
  storeContract('S3', () => createS3Store(parseS3Url(url)))
} else {
  it.skip('S3 store contract (skipped: set S3_URL to an S3-compatible bucket to run it)', () => {})
}

describe('S3_URL', () => {
  it('names the bucket, the server, the region and the keys', () => {
    expect(parseS3Url('s3://AKID:s3cret@forum-uploads?endpoint=https://minio.example.com:9000&region=eu-central-1')).toEqual({
      bucket: 'forum-uploads',
      endpoint: 'https://minio.example.com:9000',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's3cret' },
    })
  })

  it('means AWS in us-east-1 with the default credentials when it names only a bucket', () => {
    expect(parseS3Url('s3://forum-uploads')).toEqual({ bucket: 'forum-uploads', region: 'us-east-1' })
  })

  it('percent-decodes the keys', () => {
    expect(parseS3Url('s3://AK%40ID:a%2Fb%2Bc%3Ad@bucket').credentials).toEqual({ accessKeyId: 'AK@ID', secretAccessKey: 'a/b+c:d' })
  })

  it('refuses malformed URLs, saying what is wrong and never repeating the secret', () => {
    const refusal = (value: string) => {
      try {
        parseS3Url(value)
      } catch (error) {
        return (error as Error).message
      }
      throw new Error(`accepted ${value}`)
    }
    expect(refusal('https://bucket.s3.amazonaws.com')).toBe('S3_URL must start with s3://, not https://')
    expect(refusal('forum-uploads')).toMatch(/^S3_URL is not a URL/)
    expect(refusal('s3://?region=eu-west-1')).toMatch(/^S3_URL names no bucket/)
    expect(refusal('s3:forum-uploads')).toMatch(/^S3_URL names no bucket/)
    expect(refusal('s3://key:secret@bucket?endpoint=minio.example.com')).toMatch(/^S3_URL has an endpoint that is not an http/)
    expect(refusal('s3://key:secret@bucket?endpoint=ftp://minio.example.com')).toMatch(/^S3_URL has an endpoint that is not an http/)
    expect(refusal('s3://key:secret@bucket:9000')).toMatch(/^S3_URL gives a port/)
    expect(refusal('s3://key:secret@bucket/photos')).toMatch(/^S3_URL has a path/)
    expect(refusal('s3://key:secret@bucket?regoin=eu-west-1')).toMatch(/^S3_URL has an unknown parameter "regoin"/)
    expect(refusal('s3://key@bucket')).toMatch(/^S3_URL gives half of the credentials/)
    expect(refusal('s3://key:%E0%A4%A@bucket')).toMatch(/^S3_URL has credentials that are not validly percent-encoded/)
    for (const value of ['s3://key:secret@bucket?endpoint=nope', 's3://key:secret@bucket/photos', 's3://key:secret@bucket:9000']) {
      expect(refusal(value)).not.toContain('secret')
    }
  })

  it('is checked with the rest of the configuration at boot', () => {
    expect(readEnv({ S3_URL: 's3://bucket' }).S3_URL).toBe('s3://bucket')
    expect(readEnv({ S3_URL: '' }).S3_URL).toBeUndefined()
    expect(() => readEnv({ S3_URL: 'http://bucket' })).toThrow(/S3_URL: must start with s3:\/\/, not http:\/\//)
    expect(() => readEnv({ S3_URL: 's3://bucket?endpoint=nope' })).toThrow(/S3_URL: has an endpoint that is not an http/)
  })
})
