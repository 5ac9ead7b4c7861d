// Microphone → PCM16 mono at the protocol's 24 kHz, in ~40 ms chunks posted to the page.
// Runs in the AudioWorklet scope: `sampleRate` is the AudioContext's rate (44.1 or 48 kHz in
// most browsers; Safari may refuse other rates), so the page resamples here, linearly.

const TARGET_RATE = 24000;
const CHUNK_SAMPLES = 960; // 40 ms at 24 kHz

class Pcm16Capture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.position = 0; // next output's position, in input samples from this block's start
    this.previous = 0; // last input sample of the previous block, for interpolation across blocks
    this.chunk = new Int16Array(CHUNK_SAMPLES);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel || channel.length === 0) return true;
    let t = this.position;
    while (t < channel.length - 1) {
      const index = Math.floor(t);
      const fraction = t - index;
      const a = index < 0 ? this.previous : channel[index];
      const b = channel[index + 1];
      this.push(a + (b - a) * fraction);
      t += this.step;
    }
    this.position = t - channel.length;
    this.previous = channel[channel.length - 1];
    return true;
  }

  push(sample) {
    const clipped = Math.max(-1, Math.min(1, sample));
    this.chunk[this.filled++] = clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff;
    if (this.filled === CHUNK_SAMPLES) {
      this.port.postMessage(this.chunk.buffer, [this.chunk.buffer]);
      this.chunk = new Int16Array(CHUNK_SAMPLES);
      this.filled = 0;
    }
  }
}

registerProcessor("pcm16-capture", Pcm16Capture);
