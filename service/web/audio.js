// Sound in and out: one AudioContext, created and resumed on a user gesture (Safari and
// Chromium's autoplay rules), answer audio scheduled gap-free as it streams, the microphone
// through an AudioWorklet.

export const PROTOCOL_RATE = 24000;

export class Player {
  constructor() {
    this.context = null;
    this.gain = null;
    this.sources = new Set();
    this.nextTime = 0;
    this.volume = 0.8;
    this.paused = false;
    this.responseStarts = new Map(); // response id → context time its audio starts
    this.onIdle = () => {};
  }

  /** The shared AudioContext (call from a user gesture the first time). */
  ensureContext() {
    if (!this.context) {
      const Context = window.AudioContext || window.webkitAudioContext;
      // The device's own rate: Safari refuses some explicit rates; buffers at 24 kHz are
      // resampled by the browser on playback.
      this.context = new Context();
      this.gain = this.context.createGain();
      this.gain.gain.value = this.volume;
      this.gain.connect(this.context.destination);
    }
    if (this.context.state === "suspended" && !this.paused) this.context.resume();
    return this.context;
  }

  /** Schedule one chunk of PCM16 (24 kHz mono) right after what is already queued. */
  enqueue(responseId, pcm16) {
    const context = this.ensureContext();
    if (pcm16.length === 0) return;
    const buffer = context.createBuffer(1, pcm16.length, PROTOCOL_RATE);
    const samples = buffer.getChannelData(0);
    for (let i = 0; i < pcm16.length; i++) samples[i] = pcm16[i] / 32768;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    const at = Math.max(this.nextTime, context.currentTime + 0.05);
    if (!this.responseStarts.has(responseId)) this.responseStarts.set(responseId, at);
    source.onended = () => {
      this.sources.delete(source);
      if (this.sources.size === 0) this.onIdle();
    };
    this.sources.add(source);
    source.start(at);
    this.nextTime = at + buffer.duration;
  }

  /** Seconds from now until `ms` into a response's audio (null when none is playing). */
  delayUntil(responseId, ms) {
    const start = this.responseStarts.get(responseId);
    if (start === undefined || !this.context) return null;
    return Math.max(0, start + ms / 1000 - this.context.currentTime);
  }

  get playing() {
    return this.sources.size > 0;
  }

  /** Silence at once: every scheduled chunk is dropped (barge-in, the Stop button). */
  stop() {
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch (error) {
        // A source that never started cannot stop; dropping it is all that is needed.
        console.debug("audio source already stopped", error);
      }
    }
    const hadSound = this.sources.size > 0;
    this.sources.clear();
    this.nextTime = 0;
    if (hadSound) this.onIdle();
  }

  async setPaused(paused) {
    this.paused = paused;
    if (!this.context) return;
    if (paused) await this.context.suspend();
    else await this.context.resume();
  }

  setVolume(volume) {
    this.volume = volume;
    if (this.gain) this.gain.gain.value = volume;
  }
}

export class Microphone {
  constructor(onChunk) {
    this.onChunk = onChunk; // receives an ArrayBuffer of PCM16 at 24 kHz
    this.stream = null;
    this.source = null;
    this.node = null;
    this.context = null;
    this.moduleLoaded = false;
  }

  get active() {
    return this.stream !== null;
  }

  /** Start capturing; call from a user gesture. Its own AudioContext, so pausing the answer
   *  never deafens the microphone. */
  async start() {
    if (this.stream) return;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new DOMException("getUserMedia is not available", "NotSupportedError");
    }
    if (!this.context) {
      const Context = window.AudioContext || window.webkitAudioContext;
      this.context = new Context();
    }
    const context = this.context;
    if (context.state === "suspended") context.resume();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    if (!this.moduleLoaded) {
      await context.audioWorklet.addModule("/static/audio-worklet.js");
      this.moduleLoaded = true;
    }
    this.stream = stream;
    this.source = context.createMediaStreamSource(stream);
    this.node = new AudioWorkletNode(context, "pcm16-capture");
    this.node.port.onmessage = (event) => this.onChunk(event.data);
    this.source.connect(this.node);
    // Connected to the output (it writes silence) so every browser keeps pulling it.
    this.node.connect(context.destination);
  }

  stop() {
    if (!this.stream) return;
    for (const track of this.stream.getTracks()) track.stop();
    this.source.disconnect();
    this.node.disconnect();
    this.node.port.onmessage = null;
    this.stream = this.source = this.node = null;
  }
}

export function base64ToInt16(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Int16Array(bytes.buffer, 0, bytes.length >> 1);
}

export function bufferToBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const CUE_NOTES = [
  [587.33, 0.0], // D5, then
  [880.0, 0.13], // A5: a short rising "ready" sound
];
const CUE_NOTE_S = 0.12;
const CUE_PEAK = 0.12; // quiet: a fraction of the answer volume

/** A short, gentle two-note sound (made here, no file) that says "listening now"; resolves
 *  when it has played, so the microphone opens after it and does not hear it. */
export function playListeningCue(context, destination) {
  const start = context.currentTime + 0.02;
  for (const [frequency, offset] of CUE_NOTES) {
    const oscillator = context.createOscillator();
    const envelope = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    // Soft attack and release: no click at either end.
    envelope.gain.setValueAtTime(0.0001, start + offset);
    envelope.gain.exponentialRampToValueAtTime(CUE_PEAK, start + offset + 0.02);
    envelope.gain.exponentialRampToValueAtTime(0.0001, start + offset + CUE_NOTE_S);
    oscillator.connect(envelope).connect(destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + CUE_NOTE_S + 0.02);
  }
  const lengthMs = (CUE_NOTES[CUE_NOTES.length - 1][1] + CUE_NOTE_S + 0.05) * 1000;
  return new Promise((resolve) => setTimeout(resolve, lengthMs));
}
