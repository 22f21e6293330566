import Fastify from 'fastify';
import t from 'tap';
import { readUpload } from '../../../admin-api/lib/uploads.js';
import { errorsPlugin } from '../../../admin-api/errors.js';
import multipartPlugin from '../../../admin-api/plugins/external/multipart.js';
import { build, expectProblem } from '../../helpers/app.js';

t.test('/metrics: Prometheus text with HTTP latency and inbound events; optional token', async (t) => {
  const app = await build(t);
  await app.fastify.inject({ method: 'GET', url: '/healthz' });
  app.campanile.metrics.counter('campanile_test_total', 'A component\'s own counter', ['kind']).inc({ kind: 'x' }, 2);
  const res = await app.fastify.inject({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/plain/);
  t.match(res.body, /campanile_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",status="2xx",le="0.005"\}/);
  t.match(res.body, /# TYPE campanile_inbound_events_total counter/);
  t.match(res.body, /campanile_test_total\{kind="x"\} 2/);

  const locked = await build(t, { env: { METRICS_TOKEN: 'm3trics' } });
  expectProblem(t, await locked.fastify.inject({ method: 'GET', url: '/metrics' }), 401, 'unauthenticated');
  t.equal((await locked.fastify.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer m3trics' } })).statusCode, 200);
});

t.test('readUpload: 415 for a wrong or faked type, 413 past the size, the file otherwise', async (t) => {
  const fastify = Fastify();
  await fastify.register(errorsPlugin);
  await fastify.register(multipartPlugin);
  fastify.post('/upload', async (request) => {
    const upload = await readUpload(request, { types: ['image/png'], maxBytes: 1024 });
    return { size: upload.data.length, type: upload.mimeType, fields: upload.fields };
  });
  t.teardown(() => fastify.close());
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
  const form = (data: Buffer, type: string) => {
    const boundary = 'XyZ';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="alt"\r\n\r\nfoto\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a"\r\ncontent-type: ${type}\r\n\r\n`),
      data, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return fastify.inject({ method: 'POST', url: '/upload', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  const ok = await form(png, 'image/png');
  t.equal(ok.statusCode, 200, ok.body);
  t.equal(ok.json().size, png.length);
  expectProblem(t, await form(png, 'application/pdf'), 415, 'unsupported-media-type');
  expectProblem(t, await form(Buffer.from('not a png at all'), 'image/png'), 415, 'unsupported-media-type');
  expectProblem(t, await form(Buffer.concat([png, Buffer.alloc(2048)]), 'image/png'), 413, 'payload-too-large');
  expectProblem(t, await fastify.inject({ method: 'POST', url: '/upload', payload: { a: 1 } }), 415, 'unsupported-media-type');
});
