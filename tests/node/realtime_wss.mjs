// The official Node `openai` SDK's realtime client against modu, over wss:// as it always
// connects: a typed turn, then a spoken turn (recorded speech appended, committed, answered).
//
//   node tests/node/realtime_wss.mjs BASE_URL API_KEY PCM_FILE [beta|ga]
//
// beta (the default): OpenAIRealtimeWS from openai/beta/realtime/ws, which asks for the beta
// event names (OpenAI-Beta: realtime=v1); ga: the one from openai/realtime/ws, GA names.
// BASE_URL is modu's https://HOST:PORT/v1 (the SDK turns it into wss://HOST:PORT/v1/realtime);
// PCM_FILE is mono 16-bit PCM at 24 kHz. The CA that issued the server certificate is trusted
// through NODE_EXTRA_CA_CERTS, so the certificate is verified as any client would. One JSON
// object goes to stdout: the URL, what the TLS handshake agreed on, and each turn's events.
// Exit 0 when both turns ended in response.done; 1 on an error event, a refused connection or
// a certificate that was not trusted (the JSON then says which).

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

import OpenAI from "openai";
import { OpenAIRealtimeWS as BetaRealtimeWS } from "openai/beta/realtime/ws";
import { OpenAIRealtimeWS as GaRealtimeWS } from "openai/realtime/ws";

const [baseURL, apiKey, pcmFile, dialect = "beta"] = process.argv.slice(2);
const CHUNK_BYTES = 4800; // 100 ms of 24 kHz PCM16, as a microphone would send it
const NAMES = {
  beta: {
    client: BetaRealtimeWS,
    text: ["response.audio_transcript.delta", "response.text.delta"],
    audio: "response.audio.delta",
    pushToTalk: { turn_detection: null },
  },
  ga: {
    client: GaRealtimeWS,
    text: ["response.output_audio_transcript.delta", "response.output_text.delta"],
    audio: "response.output_audio.delta",
    pushToTalk: { type: "realtime", audio: { input: { turn_detection: null } } },
  },
}[dialect];
const report = { dialect, url: null, tls: null, connect_ms: null, turns: {}, error: null };

function finish(code) {
  process.stdout.write(JSON.stringify(report) + "\n");
  process.exit(code);
}

const client = new OpenAI({ apiKey, baseURL });
const started = performance.now();
const rt = new NAMES.client({ model: "modu" }, client);
report.url = rt.url.toString();

// Every event, in order; waiters are resolved by the first event of the type they want.
const events = [];
const waiters = [];
rt.on("event", (event) => {
  events.push(event);
  for (const waiter of [...waiters]) {
    if (waiter.type === event.type) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  }
});
rt.on("error", (error) => {
  report.error = { message: error.message, cause: error.cause?.code ?? error.cause?.message };
  finish(1);
});
rt.socket.on("unexpected-response", (_request, response) => {
  report.error = { message: `HTTP ${response.statusCode} instead of a WebSocket upgrade` };
  finish(1);
});
// The upgrade response arrives on the TLS socket itself: what it agreed on is what was used.
rt.socket.on("upgrade", (response) => {
  const socket = response.socket;
  const peer = socket.getPeerCertificate?.() ?? {};
  report.tls = {
    encrypted: socket.encrypted === true,
    authorized: socket.authorized === true,
    protocol: socket.getProtocol?.() ?? null,
    peer_subject: peer.subject?.CN ?? null,
    peer_issuer: peer.issuer?.CN ?? null,
  };
});

function next(type) {
  const seen = events.findIndex((event) => event.type === type);
  if (seen >= 0) return Promise.resolve(events.splice(seen, 1)[0]);
  return new Promise((resolve) => waiters.push({ type, resolve }));
}

async function turn(name, start) {
  events.length = 0;
  const began = performance.now();
  await start();
  const done = await next("response.done");
  const types = events.map((event) => event.type);
  const text = events
    .filter((event) => NAMES.text.includes(event.type))
    .map((event) => event.delta)
    .join("");
  report.turns[name] = {
    ms: Math.round(performance.now() - began),
    status: done.response.status,
    answer: text,
    audio_deltas: types.filter((type) => type === NAMES.audio).length,
    label: done.response.modu?.label ?? null,
    types: [...new Set(types)],
  };
}

rt.socket.on("open", async () => {
  report.connect_ms = Math.round(performance.now() - started);
  await next("session.created");
  await turn("typed", async () => {
    rt.send({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] },
    });
    rt.send({ type: "response.create" });
  });
  // Push to talk: the client says when the turn ends (commit), as the SDK's examples do.
  rt.send({ type: "session.update", session: NAMES.pushToTalk });
  await next("session.updated");
  let heard = null;
  await turn("spoken", async () => {
    const pcm = readFileSync(pcmFile);
    for (let offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
      const audio = pcm.subarray(offset, offset + CHUNK_BYTES).toString("base64");
      rt.send({ type: "input_audio_buffer.append", audio });
    }
    rt.send({ type: "input_audio_buffer.commit" });
    await next("input_audio_buffer.committed");
    heard = await next("conversation.item.input_audio_transcription.completed");
    rt.send({ type: "response.create" });
  });
  report.turns.spoken.heard = heard.transcript;
  rt.close();
  finish(0);
});
