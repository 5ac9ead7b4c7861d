// Accessibility profiles: presets from the server as large choices, settings as labelled steps,
// save (POST / PATCH /v1/profiles), and the page preferences (theme, text size, reduced motion)
// applied at once.

import { refusalKey } from "./i18n.js";
import { STEP_GROUPS, StepGroup } from "./profile-steps.js";

const PROFILE_ID_KEY = "modu.profileId";

export function applyPagePreferences(page) {
  const root = document.documentElement;
  root.dataset.theme = page.theme || "system";
  root.style.fontSize = `${page.text_size || 100}%`;
  root.dataset.reducedMotion = String(Boolean(page.reduced_motion));
}

export class ProfilePanel {
  /** fields: {presets, speed, patience, textSize, readingLevel (fieldsets), screenReader,
   *  theme, reducedMotion}; onTry(kind, value) plays a sample at a setting. */
  constructor({ form, fields, message, authHeaders, onSaved, onTry, uiText }) {
    this.form = form;
    this.fields = fields;
    this.message = message;
    this.authHeaders = authHeaders;
    this.onSaved = onSaved;
    this.uiText = uiText;
    this.presets = [];
    this.stored = null;
    this.steps = {};
    const applyPage = () => applyPagePreferences(this.page());
    for (const [name, group] of Object.entries(STEP_GROUPS)) {
      this.steps[name] = new StepGroup(fields[name], `step-${name}`, group, {
        onChange: name === "textSize" ? applyPage : () => {},
        onTry: (value) => onTry(name, value),
      });
    }
    this.steps.speed.set(1);
    this.steps.patience.set(500);
    this.steps.textSize.set(100);
    this.steps.readingLevel.set("standard");
    for (const name of ["theme", "reducedMotion"]) fields[name].addEventListener("change", applyPage);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
  }

  async request(method, path, body) {
    const headers = { ...this.authHeaders() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json();
    if (!response.ok) {
      const error = data && data.error ? data.error : {};
      // A refusal (401/403) in plain words with what to do; other errors as the server says.
      const refusal = response.status === 401 || response.status === 403
        ? refusalKey(response.status, error.code)
        : null;
      const detail = refusal ? this.uiText()[refusal] : error.message || response.statusText;
      const failure = new Error(detail || `HTTP ${response.status}`);
      failure.refused = Boolean(refusal);
      throw failure;
    }
    return data;
  }

  /** Presets into the choices, and the saved profile (if this browser has one) into the form. */
  async load(language) {
    try {
      const presets = await this.request("GET", "/v1/profiles/presets");
      this.presets = presets.data;
      this.renderPresets(language);
      const id = localStorage.getItem(PROFILE_ID_KEY);
      if (id) {
        this.stored = await this.request("GET", `/v1/profiles/${encodeURIComponent(id)}`);
        this.fill(this.stored);
        applyPagePreferences(this.stored.page);
      }
    } catch (error) {
      // A stale id or a server without profiles: the page works with defaults. A refusal says
      // nothing about the id (a key may come later), so it is kept.
      console.info("profile not loaded", error);
      if (this.stored === null && !error.refused) localStorage.removeItem(PROFILE_ID_KEY);
    }
    return this.stored;
  }

  /** One large choice per preset: its name, and its one-line description under it. */
  renderPresets(language) {
    const fieldset = this.fields.presets;
    const chosen = this.chosenPreset();
    fieldset.querySelectorAll(".choice").forEach((el) => el.remove());
    for (const preset of this.presets) {
      const label = document.createElement("label");
      label.className = "choice preset";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "preset";
      input.value = preset.id;
      input.checked = preset.id === chosen;
      input.addEventListener("change", () => this.choosePreset(preset.id));
      const words = document.createElement("span");
      const name = document.createElement("strong");
      name.textContent = preset.name[language] || preset.name.en;
      const description = document.createElement("span");
      description.className = "description";
      description.textContent = preset.description[language] || preset.description.en;
      words.append(name, description);
      label.append(input, words);
      fieldset.append(label);
    }
  }

  chosenPreset() {
    const checked = this.fields.presets.querySelector("input:checked");
    return checked ? checked.value : "";
  }

  choosePreset(id) {
    const preset = this.presets.find((p) => p.id === id);
    if (!preset) return;
    this.fill(preset.profile);
    applyPagePreferences(preset.profile.page);
  }

  fill(profile) {
    const f = this.fields;
    this.steps.readingLevel.set(profile.reading_level);
    this.steps.speed.set(profile.speech_rate);
    this.steps.patience.set(profile.turn_patience_ms);
    this.steps.textSize.set(profile.page.text_size);
    f.screenReader.checked = profile.screen_reader;
    f.theme.value = profile.page.theme;
    f.reducedMotion.checked = profile.page.reduced_motion;
  }

  page() {
    const f = this.fields;
    return {
      theme: f.theme.value,
      text_size: Number(this.steps.textSize.value),
      reduced_motion: f.reducedMotion.checked,
    };
  }

  settings() {
    return {
      reading_level: this.steps.readingLevel.value,
      screen_reader: this.fields.screenReader.checked,
      turn_patience_ms: Number(this.steps.patience.value),
      speech_rate: Number(this.steps.speed.value),
      page: this.page(),
    };
  }

  async save() {
    const text = this.uiText();
    try {
      const body = this.settings();
      const preset = this.chosenPreset() || "standard";
      this.stored = this.stored
        ? await this.request("PATCH", `/v1/profiles/${this.stored.id}`, body)
        : await this.request("POST", "/v1/profiles", { preset, ...body });
      localStorage.setItem(PROFILE_ID_KEY, this.stored.id);
      applyPagePreferences(this.stored.page);
      this.message.textContent = text.profileSaved;
      this.onSaved(this.stored);
    } catch (error) {
      this.message.textContent = `${text.profileFailed} ${error.message}`;
    }
  }
}
