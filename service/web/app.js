// modu's page: the realtime protocol (/v1/realtime) from a browser, by voice or by keyboard.

import { Conversation } from "./conversation.js";
import { applyLanguage, chooseLanguage, refusalKey, TEXT } from "./i18n.js";
import { applyPagePreferences, ProfilePanel } from "./profile.js";
import { base64ToInt16, bufferToBase64, Microphone, Player, playListeningCue } from "./audio.js";
import { DeviceVoice } from "./device-voice.js";
import { playSample } from "./samples.js";
import { sayFirstHint, showTalkMode } from "./talk.js";
import { answerVoice, apiKey, binaryAudio, chosenLanguage, setUpSettings } from "./settings.js";

const $ = (id) => document.getElementById(id);

const state = {
  socket: null,
  queue: [], // events sent before the socket opened
  language: "en",
  profile: null,
  mode: "off", // "off" | "hands-free" | "push-to-talk"
  responding: new Set(),
  silenced: new Set(), // responses whose remaining audio is dropped (Stop, barge-in)
  answerAfterTranscript: false, // push-to-talk: ask for the answer once the question is heard
};

const uiText = () => TEXT[state.language];
const player = new Player();
const conversation = new Conversation($("log"), $("announcer"), uiText);
const microphone = new Microphone(sendAudio);
const deviceVoice = new DeviceVoice(window.speechSynthesis);

// --- status (W3): words in role="status", never colour alone ----------------------------------

let statusKey = "statusReady";
let statusDetail = "";
let statusDetailKey = ""; // a TEXT key: the detail is said again in a newly chosen language
function setStatus(key, detail = "", detailKey = "") {
  statusKey = key;
  statusDetail = detail;
  statusDetailKey = detailKey;
  document.body.dataset.state = key.replace("status", "").toLowerCase();
  const words = detailKey ? uiText()[detailKey] : detail;
  const text = words ? `${uiText()[key]} ${words}` : uiText()[key];
  // Rewriting the same words would make screen readers say them again (every audio chunk).
  if ($("status-text").textContent !== text) $("status-text").textContent = text;
}

// --- the WebSocket ------------------------------------------------------------------------------

function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

function connect() {
  if (state.socket && state.socket.readyState <= WebSocket.OPEN) return state.socket;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const protocols = ["realtime"];
  if (apiKey()) protocols.push(`openai-insecure-api-key.${apiKey()}`);
  const socket = new WebSocket(`${scheme}//${location.host}/v1/realtime`, protocols);
  socket.binaryType = "arraybuffer";
  socket.addEventListener("open", () => {
    for (const event of state.queue.splice(0)) socket.send(event);
  });
  socket.addEventListener("message", (message) => handleEvent(JSON.parse(message.data)));
  socket.addEventListener("close", (event) => {
    if (state.socket !== socket) return;
    state.socket = null;
    stopMicrophone();
    // The server refuses a page by closing with 4401/4403 and the error code as the reason:
    // say why and what to do, not that a connection closed.
    const refusal = refusalKey(event.code, event.reason);
    if (refusal) {
      setStatus("statusError", "", refusal);
      return;
    }
    const reason = event.reason ? ` (${event.reason})` : "";
    setStatus("statusError", `${uiText().disconnected}${reason}`);
  });
  state.socket = socket;
  // Each connection is a new session: it starts with the person's profile.
  // (The text-only request goes after the profile, which would otherwise turn audio back on.)
  const voice = voiceUpdate();
  if (voice) state.queue.unshift(JSON.stringify(voice));
  if (state.profile) state.queue.unshift(JSON.stringify(profileUpdate(state.profile)));
  setStatus("statusConnecting");
  return socket;
}

function send(event) {
  const socket = connect();
  const data = typeof event === "string" || event instanceof ArrayBuffer ? event : JSON.stringify(event);
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
  else state.queue.push(data);
}

function sendAudio(buffer) {
  if (binaryAudio()) {
    send(buffer); // modu extension: a binary frame is raw PCM16 for input_audio_buffer.append
  } else {
    send({ type: "input_audio_buffer.append", audio: bufferToBase64(buffer) });
  }
}

function profileUpdate(profile) {
  return { type: "session.update", session: { type: "realtime", modu: { profile_id: profile.id } } };
}

/** Text only from the server when the device or the screen reader speaks; null for modu's voice. */
function voiceUpdate() {
  if (answerVoice() === "server") return null;
  return { type: "session.update", session: { type: "realtime", output_modalities: ["text"] } };
}

function applyAnswerVoice() {
  if (!state.socket) return;
  if (answerVoice() !== "server") send(voiceUpdate());
  // Back to modu's voice: the profile decides again whether answers are spoken.
  else if (state.profile) send(profileUpdate(state.profile));
  else send({ type: "session.update", session: { type: "realtime", output_modalities: ["audio"] } });
}

// --- server events ------------------------------------------------------------------------------

function handleEvent(event) {
  switch (event.type) {
    case "session.created":
      if (statusKey === "statusConnecting") setStatus("statusReady");
      break;
    case "conversation.item.added":
      if (event.item.role === "user") conversation.addUser(event.item.id, userText(event.item));
      break;
    case "conversation.item.input_audio_transcription.completed":
      conversation.addUser(event.item_id, event.transcript);
      answerPushToTalk();
      break;
    case "conversation.item.input_audio_transcription.failed":
      answerPushToTalk();
      break;
    case "input_audio_buffer.speech_started":
      silence(); // barge-in: the person speaks, modu falls silent at once
      setStatus("statusListening");
      break;
    case "input_audio_buffer.speech_stopped":
      setStatus("statusThinking");
      break;
    case "response.created":
      state.responding.add(event.response.id);
      conversation.startAnswer(event.response.id, event.response.modu && event.response.modu.label);
      setStatus("statusThinking");
      break;
    case "response.output_text.delta":
    case "response.output_audio_transcript.delta":
      conversation.appendText(event.response_id, event.delta);
      speakOnDevice(event.response_id);
      break;
    case "response.output_text.done":
      conversation.setText(event.response_id, event.text);
      speakOnDevice(event.response_id);
      break;
    case "response.output_audio_transcript.done":
      conversation.setText(event.response_id, event.transcript);
      break;
    case "response.output_audio.delta":
      if (state.silenced.has(event.response_id)) break;
      player.enqueue(event.response_id, base64ToInt16(event.delta));
      setStatus("statusSpeaking");
      break;
    case "modu.caption":
      conversation.setLanguage(event.response_id, event.language);
      showCaption(event);
      break;
    case "response.done":
      finishResponse(event.response);
      break;
    case "error":
      state.answerAfterTranscript = false; // e.g. an empty commit: no transcript will come
      setStatus("statusError", event.error.message);
      break;
    default:
      break;
  }
}

// The server transcribes a committed question on its own schedule; asking for the answer before
// the transcript exists would answer nothing, so push-to-talk waits for it.
function answerPushToTalk() {
  if (!state.answerAfterTranscript) return;
  state.answerAfterTranscript = false;
  send({ type: "response.create" });
}

function userText(item) {
  const part = item.content.find((c) => c.text || c.transcript);
  return part ? part.text || part.transcript : "";
}

function speakOnDevice(responseId) {
  if (answerVoice() !== "device" || state.silenced.has(responseId)) return;
  deviceVoice.update(responseId, conversation.textOf(responseId));
}

function finishResponse(response) {
  state.responding.delete(response.id);
  const language = response.modu && response.modu.language;
  conversation.finishAnswer(response.id, language);
  if (answerVoice() === "device" && !state.silenced.has(response.id)) {
    deviceVoice.finish(response.id, conversation.textOf(response.id));
  }
  if (!player.playing && !deviceVoice.speaking) {
    setStatus(state.mode === "off" ? "statusDone" : "statusListening");
  }
}

player.onIdle = () => {
  $("caption").hidden = true;
  if (state.responding.size === 0 && statusKey === "statusSpeaking") {
    setStatus(state.mode === "off" ? "statusDone" : "statusListening");
  }
};

// The device's voice: the caption is the sentence it starts to say.
deviceVoice.onSentence = (text, language) => {
  $("caption-text").textContent = text;
  $("caption-text").lang = language;
  $("caption").hidden = false;
  setStatus("statusSpeaking");
};
deviceVoice.onIdle = player.onIdle;

// V4: the caption shows the sentence being spoken, when its audio starts.
function showCaption(event) {
  const delay = player.delayUntil(event.response_id, event.start_ms);
  const show = () => {
    if (state.silenced.has(event.response_id)) return;
    $("caption-text").textContent = event.text;
    $("caption-text").lang = event.language;
    $("caption").hidden = false;
  };
  if (delay === null || delay === 0) show();
  else setTimeout(show, delay * 1000);
}

// --- typing (always works; W4: focus stays in the input) ---------------------------------------

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("message");
  const text = input.value.trim();
  player.ensureContext(); // a user gesture: audio may start later
  if (text) {
    send({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
    });
    send({ type: "response.create" });
    input.value = "";
    setStatus("statusThinking");
  }
  input.focus();
});

// --- talking ------------------------------------------------------------------------------------

async function startMicrophone() {
  player.ensureContext();
  try {
    await microphone.start();
  } catch (error) {
    console.info("microphone unavailable", error);
    setMode("off");
    setStatus("statusError", uiText().micDenied);
    return false;
  }
  return true;
}

function stopMicrophone() {
  microphone.stop();
  setMode("off");
}

function setMode(mode) {
  state.mode = mode;
  showTalkMode(mode, uiText());
}

/** The hint (once), then the gentle "listening now" sound, then the microphone. */
async function listen() {
  const hinted = await sayFirstHint({
    show: () => setStatus("statusListening", "", "talkHint"),
    speak: answerVoice() !== "screen-reader",
    deviceVoice,
    text: uiText().talkHint,
    language: state.language,
  });
  await playListeningCue(player.ensureContext(), player.gain);
  if (!(await startMicrophone())) return;
  if (hinted) setStatus("statusListening", "", "talkHint");
  else setStatus("statusListening");
}

$("hands-free").addEventListener("click", async () => {
  if (state.mode === "hands-free") {
    stopMicrophone();
    setStatus("statusReady");
    return;
  }
  microphone.stop();
  send({ type: "session.update", session: { type: "realtime", audio: { input: { turn_detection: { type: "server_vad" } } } } });
  setMode("hands-free");
  await listen();
});

$("push-to-talk").addEventListener("click", async () => {
  if (state.mode === "push-to-talk") {
    stopMicrophone();
    state.answerAfterTranscript = true;
    send({ type: "input_audio_buffer.commit" });
    setStatus("statusThinking");
    return;
  }
  microphone.stop();
  silence();
  send({ type: "session.update", session: { type: "realtime", audio: { input: { turn_detection: null } } } });
  send({ type: "input_audio_buffer.clear" });
  setMode("push-to-talk");
  await listen();
});

// --- playback controls (W12) ------------------------------------------------------------------

/** Stop playing now, and drop audio still arriving for the answers in progress. */
function silence() {
  for (const id of state.responding) state.silenced.add(id);
  player.stop();
  deviceVoice.stop();
  $("caption").hidden = true;
}

$("stop").addEventListener("click", () => {
  const inProgress = [...state.responding];
  silence();
  for (const id of inProgress) send({ type: "response.cancel", response_id: id });
  setStatus("statusStopped");
});

$("pause").addEventListener("click", async () => {
  const paused = $("pause").getAttribute("aria-pressed") !== "true";
  $("pause").setAttribute("aria-pressed", String(paused));
  deviceVoice.setPaused(paused);
  await player.setPaused(paused);
  if (paused) setStatus("statusPaused");
  else setStatus(player.playing || deviceVoice.speaking ? "statusSpeaking" : "statusReady");
});

$("volume").addEventListener("input", () => player.setVolume(Number($("volume").value) / 100));

// --- settings and profile dialogs ----------------------------------------------------------------

setUpSettings({
  onKeyChanged: () => {
    if (!state.socket) return;
    const old = state.socket;
    state.socket = null;
    old.close(1000, "new API key");
    connect();
  },
  onVoiceChanged: () => {
    silence();
    applyAnswerVoice();
  },
  onLanguageChanged: () => setLanguage(),
});

const profileDialog = $("profile-dialog");
const profilePanel = new ProfilePanel({
  form: $("profile-form"),
  fields: {
    presets: $("presets"),
    speed: $("speed"),
    patience: $("patience"),
    textSize: $("text-size"),
    readingLevel: $("reading-level"),
    screenReader: $("screen-reader"),
    theme: $("theme"),
    reducedMotion: $("reduced-motion"),
  },
  message: $("profile-message"),
  authHeaders,
  uiText,
  onSaved: (profile) => {
    state.profile = profile;
    deviceVoice.rate = profile.speech_rate;
    send(profileUpdate(profile));
    const voice = voiceUpdate();
    if (voice) send(voice); // the profile turned audio back on
    setLanguage();
  },
  onTry: trySetting,
});

/** "Try it": a sample sentence at the chosen speed, or the chosen wait before an answer. */
async function trySetting(kind, value) {
  const text = uiText();
  const patience = kind === "patience";
  const played = await playSample({
    parts: patience ? [text.samplePatience, text.samplePatienceAfter] : [text.sampleSpeed],
    rate: patience ? profilePanel.steps.speed.value : value,
    gapMs: patience ? value : 0,
    language: state.language,
    deviceVoice,
    useDevice: answerVoice() === "device",
    player,
    authHeaders,
  });
  if (!played) $("profile-message").textContent = text.sampleFailed;
}

$("open-profile").addEventListener("click", () => {
  $("profile-message").textContent = "";
  profileDialog.showModal();
});
$("close-profile").addEventListener("click", () => profileDialog.close());
profileDialog.addEventListener("close", () => $("open-profile").focus());

function setLanguage() {
  state.language = chosenLanguage() || chooseLanguage(state.profile && state.profile.preferred_languages);
  applyLanguage(state.language);
  profilePanel.renderPresets(state.language);
  setMode(state.mode); // the talk buttons' words, in the new language
  setStatus(statusKey, statusDetail, statusDetailKey);
}

// --- start ----------------------------------------------------------------------------------

// The sticky "Start talking" area: focused elements scroll into view below it, never under it.
new ResizeObserver(([entry]) => {
  const height = Math.ceil(entry.target.getBoundingClientRect().height) + 8;
  document.documentElement.style.setProperty("--primary-height", `${height}px`);
}).observe(document.querySelector(".primary"));

async function start() {
  applyPagePreferences({});
  // The browser's language first; a saved profile may change it once loaded.
  state.language = chooseLanguage(null);
  setLanguage();
  state.profile = await profilePanel.load(state.language);
  if (state.profile) deviceVoice.rate = state.profile.speech_rate;
  setLanguage();
  connect(); // applies the saved profile, if any, to the new session
  document.body.dataset.ready = "true"; // tests wait for this
}

start();
