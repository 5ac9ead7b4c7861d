// "Try it" in the profile: a sample sentence at the chosen speed (and, for patience, the wait
// before modu answers), in the voice that will speak the answers.

import { PROTOCOL_RATE } from "./audio.js";

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's voice: POST /v1/audio/speech (raw 24 kHz PCM16) at `speed`, played now. */
async function playFromServer(text, speed, { player, authHeaders }) {
  const response = await fetch("/v1/audio/speech", {
    method: "POST",
    headers: { ...authHeaders(), "Content-Type": "application/json" },
    body: JSON.stringify({ model: "modu", input: text, speed, response_format: "pcm" }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const pcm = new Int16Array(await response.arrayBuffer());
  player.stop();
  player.enqueue(`sample-${Date.now()}`, pcm);
  await wait((pcm.length / PROTOCOL_RATE) * 1000);
}

/** Say each part in turn, `gapMs` of silence between them; false when it could not play. */
export async function playSample({ parts, rate, gapMs = 0, language, deviceVoice, useDevice, player, authHeaders }) {
  try {
    for (const [index, text] of parts.entries()) {
      if (index > 0) await wait(gapMs);
      if (useDevice) {
        if (!(await deviceVoice.say(text, { rate, language }))) return false;
      } else {
        await playFromServer(text, rate, { player, authHeaders });
      }
    }
    return true;
  } catch (error) {
    // A sample is a convenience: say it could not play, and carry on.
    console.info("sample not played", error);
    return false;
  }
}
