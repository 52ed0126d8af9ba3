import nodemailer, { Transporter } from 'nodemailer';
import { SmtpSink } from './smtp-sink';

describe('SmtpSink', () => {
  const sink = new SmtpSink();

  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  function transport(): Transporter {
    return nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  }

  it('listens on a free port', () => {
    expect(sink.port).toBeGreaterThan(0);
  });

  it('records parsed mails with addresses, parts and threading headers', async () => {
    const t = transport();
    await t.sendMail({
      from: 'Forewarn <alerts@forewarn.test>',
      to: ['a@example.com', 'B <b@example.com>'],
      subject: 'Hello',
      text: 'plain',
      html: '<p>rich</p>',
      messageId: '<m2@forewarn.test>',
      inReplyTo: '<m1@forewarn.test>',
      references: ['<m0@forewarn.test>', '<m1@forewarn.test>'],
    });
    t.close();
    expect(sink.mails()).toContainEqual({
      from: 'alerts@forewarn.test',
      to: ['a@example.com', 'b@example.com'],
      subject: 'Hello',
      text: 'plain',
      html: '<p>rich</p>',
      messageId: '<m2@forewarn.test>',
      inReplyTo: '<m1@forewarn.test>',
      references: ['<m0@forewarn.test>', '<m1@forewarn.test>'],
      attachments: [],
    });
  });

  it('accepts any credentials without TLS', async () => {
    const t = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: 'u', pass: 'p' },
    });
    await t.sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 'authed', text: 'x' });
    t.close();
    await expect(sink.waitFor((m) => m.subject === 'authed', 1000)).resolves.toMatchObject({
      to: ['b@x.test'],
    });
  });

  it('rejects the next N mails with the given code, then accepts again', async () => {
    sink.rejectNext(2, 451);
    const t = transport();
    const send = (subject: string) => t.sendMail({ from: 'a@x.test', to: 'b@x.test', subject, text: 'x' });
    await expect(send('r1')).rejects.toMatchObject({ responseCode: 451 });
    await expect(send('r2')).rejects.toMatchObject({ responseCode: 451 });
    sink.rejectNext(1, 550);
    await expect(send('r3')).rejects.toMatchObject({ responseCode: 550 });
    await send('r4');
    t.close();
    expect(sink.mails().map((m) => m.subject)).toContain('r4');
    expect(sink.mails().map((m) => m.subject)).not.toContain('r1');
  });

  it('waits for future mails and times out with what it saw', async () => {
    const waiting = sink.waitFor((m) => m.subject === 'later', 2000);
    const t = transport();
    await t.sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 'later', text: 'x' });
    t.close();
    await expect(waiting).resolves.toMatchObject({ subject: 'later' });
    await expect(sink.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(
      /no matching mail within 50ms/,
    );
  });
});
