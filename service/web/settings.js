// The Settings dialog and what it keeps: the access key (this tab only), who reads answers
// aloud, binary microphone frames and the page's language.

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = "modu.apiKey"; // sessionStorage: gone when the tab closes
const BINARY_STORAGE = "modu.binaryAudio";
const UI_LANGUAGE_STORAGE = "modu.uiLanguage";
const VOICE_STORAGE = "modu.answerVoice"; // "server" | "device" | "screen-reader"

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function binaryAudio() {
  return localStorage.getItem(BINARY_STORAGE) === "true";
}

/** "en", "ko", or null to follow the browser and the profile. */
export function chosenLanguage() {
  const chosen = localStorage.getItem(UI_LANGUAGE_STORAGE);
  return chosen && chosen !== "auto" ? chosen : null;
}

/** Who reads answers aloud: modu's voice (server audio), this device's, or the screen reader. */
export function answerVoice() {
  const chosen = localStorage.getItem(VOICE_STORAGE);
  return chosen === "device" || chosen === "screen-reader" ? chosen : "server";
}

/** Wire the dialog: the callbacks run when the key, the voice or the language changes. */
export function setUpSettings({ onKeyChanged, onVoiceChanged, onLanguageChanged }) {
  const dialog = $("settings-dialog");
  const voiceRadios = () => document.querySelectorAll('input[name="answer-voice"]');

  $("open-settings").addEventListener("click", () => {
    $("api-key").value = apiKey();
    $("binary-audio").checked = binaryAudio();
    $("ui-language").value = localStorage.getItem(UI_LANGUAGE_STORAGE) || "auto";
    for (const radio of voiceRadios()) radio.checked = radio.value === answerVoice();
    dialog.showModal();
  });

  dialog.addEventListener("close", () => {
    const key = $("api-key").value.trim();
    const keyChanged = key !== apiKey();
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
    localStorage.setItem(BINARY_STORAGE, String($("binary-audio").checked));
    const voice = [...voiceRadios()].find((radio) => radio.checked);
    if (voice && voice.value !== answerVoice()) {
      localStorage.setItem(VOICE_STORAGE, voice.value);
      onVoiceChanged();
    }
    if (keyChanged) onKeyChanged();
    $("open-settings").focus();
  });

  $("ui-language").addEventListener("change", () => {
    localStorage.setItem(UI_LANGUAGE_STORAGE, $("ui-language").value);
    onLanguageChanged();
  });
}
