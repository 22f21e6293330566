import t from 'tap';
import { MediaError, checkInboundMedia, checkMedia } from '../../../core/internal.js';
import { MB, adts, amr, exe, ftyp, jpeg, mp3, mp3Frame, ogg, ole2, pdf, zip } from './media-fixtures.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const refusal = (bytes: Uint8Array, declared: string | undefined): string | null => {
  try {
    checkInboundMedia(bytes, declared);
    return null;
  } catch (error) {
    return error instanceof MediaError ? error.code : `unexpected ${String(error)}`;
  }
};

t.test('what people send is recognised from its bytes; the declared type only chooses within the container', async (t) => {
  t.equal(checkInboundMedia(ogg(2000), 'audio/ogg; codecs=opus'), 'audio/ogg', 'a WhatsApp voice note');
  t.equal(checkInboundMedia(mp3(2000), 'audio/mpeg'), 'audio/mpeg', 'MP3 with an ID3 tag');
  t.equal(checkInboundMedia(mp3Frame(2000), undefined), 'audio/mpeg', 'MP3 from its frame sync');
  t.equal(checkInboundMedia(adts(2000), 'audio/aac'), 'audio/aac', 'AAC in ADTS frames');
  t.equal(checkInboundMedia(amr(2000), 'audio/amr'), 'audio/amr');
  t.equal(checkInboundMedia(ftyp(2000, 'isom'), 'video/mp4'), 'video/mp4');
  t.equal(checkInboundMedia(ftyp(2000, 'isom'), 'audio/mp4'), 'audio/mp4', 'an MP4 may hold only audio');
  t.equal(checkInboundMedia(ftyp(2000, 'isom'), 'application/octet-stream'), 'video/mp4', 'nothing declared: the container’s usual type');
  t.equal(checkInboundMedia(ftyp(2000, '3gp5'), 'video/3gpp'), 'video/3gpp');
  t.equal(checkInboundMedia(ftyp(2000, 'M4A '), 'audio/mp4'), 'audio/mp4');
  t.equal(checkInboundMedia(jpeg(2000), 'image/jpeg'), 'image/jpeg');
  t.equal(checkInboundMedia(pdf(2000), 'application/pdf'), 'application/pdf');
  t.equal(checkInboundMedia(zip(2000), DOCX), DOCX, 'an Office file is a ZIP declared as such');
  t.equal(checkInboundMedia(ole2(2000), 'application/msword'), 'application/msword');
  t.equal(checkInboundMedia(new TextEncoder().encode('Buca in via Roma, àèìòù'), 'text/plain; charset=utf-8'), 'text/plain');
});

t.test('disguised, unknown, empty and oversize files are refused with a code', async (t) => {
  t.equal(refusal(exe(2000), 'audio/ogg'), 'MEDIA_TYPE_UNSUPPORTED', 'an executable called a voice note');
  t.equal(refusal(jpeg(2000), 'audio/ogg'), 'MEDIA_TYPE_MISMATCH', 'an image declared as audio');
  t.equal(refusal(ftyp(2000, 'M4A '), 'video/mp4'), 'MEDIA_TYPE_MISMATCH', 'an M4A audio file is not a video');
  t.equal(refusal(zip(2000), undefined), 'MEDIA_TYPE_UNSUPPORTED', 'a bare ZIP archive is not kept');
  t.equal(refusal(zip(2000), 'application/zip'), 'MEDIA_TYPE_MISMATCH', 'nor one that says it is a ZIP');
  t.equal(refusal(new TextEncoder().encode('hello'), undefined), 'MEDIA_TYPE_UNSUPPORTED', 'text must be declared as text');
  t.equal(refusal(new TextEncoder().encode('hello'), 'video/mp4'), 'MEDIA_TYPE_MISMATCH');
  t.equal(refusal(new Uint8Array(0), 'audio/ogg'), 'MEDIA_EMPTY');
  t.equal(refusal(ogg(16 * MB), 'audio/ogg'), null, 'audio up to 16 MB');
  t.equal(refusal(ogg(16 * MB + 1), 'audio/ogg'), 'MEDIA_TOO_LARGE');
  t.equal(refusal(ftyp(16 * MB + 1, 'isom'), 'video/mp4'), 'MEDIA_TOO_LARGE', 'video up to 16 MB');
  t.equal(refusal(pdf(20 * MB + 1), 'application/pdf'), 'MEDIA_TOO_LARGE', 'documents up to 20 MB');
  t.throws(() => checkMedia(ogg(2000), 'audio/ogg'), { code: 'MEDIA_TYPE_UNSUPPORTED' }, 'a notice still takes only images and PDF');
});
