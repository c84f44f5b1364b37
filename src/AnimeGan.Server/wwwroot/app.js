// AnimeGAN page. Plain ES module, no build step. Everything it shows comes from the HTTP API:
// styles from /api/styles, the option panel from /api/options (so a new server option appears here
// without touching this file), samples from /api/samples, and each photo or clip is one job on
// /api/jobs, sent with the look's files (a LUT, a colour reference) when some are chosen.

const $ = (selector, root = document) => root.querySelector(selector);

// What a card says in each state: the page's own states here, the conversion's stages from the
// server (/api/options names them, with their captions).
const STAGES = {
  uploading: 'Uploading…',
  queued: 'Waiting for a free painter…',
  done: 'Done',
};
const SAMPLES_SHOWN = 12;

const state = {
  styles: [],
  style: null,
  preset: null, // the preset whose values the controls hold, until one is changed by hand
  presets: [],
  options: [],
  limits: null,
  video: null, // what /api/options says of clips: available, limits
  cards: new Set(),
  files: new Map(), // file option name → its FilePicker
};

const elements = {
  dropzone: $('#dropzone'),
  fileInput: $('#file-input'),
  chooseFiles: $('#choose-files'),
  results: $('#results'),
  resultsBar: $('#results-bar'),
  downloadAll: $('#download-all'),
  cancelAll: $('#cancel-all'),
  clearAll: $('#clear-all'),
  styles: $('#styles'),
  options: $('#options'),
  convert: $('#convert'),
  message: $('#page-message'),
  gallery: $('#gallery'),
  samples: $('#samples'),
  moreSamples: $('#more-samples'),
  licence: $('#licence'),
  presets: $('#presets'),
  presetGroup: $('#preset-group'),
  hint: $('#drop-hint'),
  template: $('#card-template'),
  announcer: $('#announcer'),
};

/** Tells screen-reader users what finished, once, without reading out every percent of progress. */
function announce(text) {
  elements.announcer.textContent = text;
}

/** An RFC 7807 problem from the API, or a network failure, in words a person can read. */
class Problem extends Error {
  constructor(title, detail, status = 0, retryAfter = null, field = null) {
    super(detail);
    this.title = title;
    this.detail = detail;
    this.status = status;
    this.retryAfter = retryAfter;
    this.field = field; // the form field at fault, when the server names one
  }

  static async from(response) {
    const retryAfter = Number(response.headers.get('Retry-After')) || null;
    try {
      const body = await response.json();
      return new Problem(body.title || 'Something went wrong', body.detail || `HTTP ${response.status}`, response.status, retryAfter, body.field ?? null);
    } catch {
      return new Problem('Something went wrong', `The server answered ${response.status} ${response.statusText}.`, response.status, retryAfter);
    }
  }
}

async function request(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new Problem('Cannot reach the server', 'Check that `animegan serve` is still running, then try again.');
  }
  if (!response.ok) throw await Problem.from(response);
  return response;
}

const getJson = async (url) => (await request(url)).json();

function showMessage(text) {
  elements.message.textContent = text;
  elements.message.hidden = !text;
}

// ---------- Styles ----------

function renderStyles(catalog) {
  state.styles = catalog.styles;
  state.style = catalog.default;
  elements.styles.replaceChildren(...catalog.styles.map((style, index) => {
    const label = document.createElement('label');
    label.className = 'style-card';
    const input = Object.assign(document.createElement('input'), {
      type: 'radio', name: 'style', value: style.name, checked: style.name === catalog.default, disabled: !style.available,
    });
    input.addEventListener('change', () => {
      state.style = style.name;
      markPreset(null);
    });
    const body = document.createElement('span');
    body.className = 'style-card-body';
    // A real picture of what the style does, painted by this server from one of its samples.
    body.append(style.preview
      ? Object.assign(document.createElement('img'), { className: 'style-art', src: style.preview, alt: '', loading: 'lazy', width: 64, height: 64 })
      : styleArt(index));
    const text = document.createElement('span');
    const name = document.createElement('span');
    name.className = 'style-name';
    name.textContent = style.title;
    if (style.isDefault) name.append(pill('default'));
    if (style.speed) name.append(pill(style.speed));
    if (!style.available) name.append(pill('not installed'));
    const description = document.createElement('span');
    description.className = 'style-desc';
    description.textContent = style.available ? style.description : style.unavailable;
    const licence = document.createElement('span');
    licence.className = 'style-licence';
    licence.textContent = style.licence;
    text.append(name, description, licence);
    const check = document.createElement('span');
    check.className = 'style-check';
    check.setAttribute('aria-hidden', 'true');
    body.append(text, check);
    label.append(input, body);
    return label;
  }));
  const licences = [...new Set(catalog.styles.filter((s) => s.available && s.licence).map((s) => `${s.title}: ${s.licence}`))];
  const precision = catalog.precision === 'int8' ? 'This server runs INT8 (quantized) models: about twice as fast, a close match to the full-precision look. ' : '';
  elements.licence.textContent = precision + (licences.length ? `Model licences — ${licences.join(' · ')}` : '');
}

function pill(text) {
  const span = document.createElement('span');
  span.className = 'pill';
  span.textContent = text;
  return span;
}

/** A small painted landscape per style card, tinted differently for each style. */
function styleArt(index) {
  const hues = [0, 200, 40, 280, 120];
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 64 64');
  svg.setAttribute('class', 'style-art');
  svg.setAttribute('aria-hidden', 'true');
  svg.style.filter = `hue-rotate(${hues[index % hues.length]}deg)`;
  svg.innerHTML = `
    <defs><linearGradient id="sky${index}" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#8fc8f0"/><stop offset="0.7" stop-color="#ffe3ec"/></linearGradient></defs>
    <rect width="64" height="64" fill="url(#sky${index})"/>
    <circle cx="46" cy="18" r="7" fill="#fff6d8"/>
    <path d="M6 20q4-5 9-2q3-4 8-1q5 0 4 4H6z" fill="#fff" opacity="0.9"/>
    <path d="M0 44q16-14 32-4t32-6v30H0z" fill="#8cc084"/>
    <path d="M0 52q20-10 40-2t24-2v16H0z" fill="#5f9d61"/>
    <circle cx="14" cy="40" r="7" fill="#f6a6c1"/><circle cx="20" cy="37" r="6" fill="#fcc9da"/>
    <rect x="15.5" y="42" width="2" height="9" fill="#8a5a44"/>`;
  return svg;
}

// ---------- Presets: a style and option values, set on the page's own controls ----------

function renderPresets(presets) {
  if (!presets?.length) return;
  state.presets = presets;
  elements.presetGroup.hidden = false;
  elements.presets.replaceChildren(...presets.map((preset) => {
    // The server's own presets (its --preset-file) are marked, so an operator sees them arrive.
    const button = Object.assign(document.createElement('button'), {
      type: 'button', className: preset.builtIn ? 'preset' : 'preset preset-own', textContent: preset.title,
      title: preset.builtIn ? preset.description : `${preset.description} (this server's own preset)`, disabled: !preset.available,
    });
    button.dataset.preset = preset.name;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => {
      selectStyle(preset.style);
      for (const [name, value] of Object.entries(preset.values)) setOption(name, value, preset.name);
      markPreset(preset);
      settingsChanged({ relook: true }); // a preset is a look: converted photos take it
      // Show what the preset changed: open the groups where its values differ from the defaults.
      for (const option of state.options.filter((o) => preset.values[o.name] !== o.default)) {
        const control = elements.options.elements[option.name];
        (control instanceof RadioNodeList ? control[0] : control)?.closest('details')?.setAttribute('open', '');
      }
    });
    return button;
  }));
}

function markPreset(preset) {
  state.preset = preset;
  for (const button of elements.presets.children) button.setAttribute('aria-pressed', String(button.dataset.preset === preset?.name));
}

function selectStyle(name) {
  const input = [...document.querySelectorAll('input[name="style"]')].find((i) => i.value === name);
  if (!input || input.disabled) return;
  input.checked = true;
  state.style = name;
}

function setOption(name, value, preset) {
  if (state.files.has(name)) {
    state.files.get(name).takeFromPreset(preset, value);
    return;
  }
  const control = elements.options.elements[name];
  if (!control) return;
  if (control instanceof RadioNodeList) control.value = String(value);
  else if (control.type === 'checkbox') control.checked = value === true || value === 'true';
  else {
    control.value = String(value);
    control.dispatchEvent(new Event('change')); // redraws the slider's fill and number without counting as a change by hand
  }
}

// ---------- Options (drawn from the server's option table) ----------

function renderOptions(catalog) {
  // The style is chosen on the cards above the panel.
  state.options = catalog.options.filter((option) => option.name !== 'style');
  state.limits = catalog.limits;
  state.video = catalog.video;
  for (const stage of catalog.stages) STAGES[stage.name] = `${stage.label}…`;
  elements.hint.textContent = `${catalog.limits.formats} · up to ${formatBytes(catalog.limits.maxRequestBytes)} per upload`;
  if (catalog.video.available) {
    elements.fileInput.accept += `,video/*,${catalog.video.extensions.join(',')}`;
    elements.hint.textContent += ` · clips up to ${catalog.video.maxVideoSeconds} s and ${formatBytes(catalog.video.maxVideoBytes)}`;
    $('.for-pointer', elements.dropzone).textContent = 'Drop photos or clips here';
    $('.for-touch', elements.dropzone).textContent = 'Add your photos or clips';
    elements.chooseFiles.textContent = 'Choose files…';
  }
  const groups = new Map();
  for (const option of state.options) {
    if (!groups.has(option.group)) {
      // The first group is open; later ones (the look, …) fold away until wanted.
      const details = Object.assign(document.createElement('details'), { className: 'option-group', open: groups.size === 0 });
      details.dataset.group = option.group;
      details.hidden = option.group === 'Video'; // shown when a clip is added
      const summary = Object.assign(document.createElement('summary'), { textContent: option.group });
      const fieldset = document.createElement('fieldset');
      fieldset.append(Object.assign(document.createElement('legend'), { className: 'visually-hidden', textContent: option.group }));
      details.append(summary, fieldset);
      groups.set(option.group, details);
    }
    groups.get(option.group).lastElementChild.append(control(option));
  }
  elements.options.replaceChildren(...groups.values());
}

/** One control per option type; a new type of option needs one more case here. */
function control(option) {
  const id = `option-${option.name}`;
  const field = document.createElement('div');
  field.className = 'field';
  const help = option.help ? Object.assign(document.createElement('p'), { className: 'hint', id: `${id}-help`, textContent: option.help }) : null;

  switch (option.type) {
    case 'integer':
    case 'number': {
      const head = document.createElement('div');
      head.className = 'field-head';
      const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: option.label });
      const output = document.createElement('output');
      output.htmlFor = id;
      // A slider's steps count from its minimum: where the default is off that grid (0.7 from 0.01 by 0.05),
      // it would be sent as its nearest step (0.71) though nobody moved it, so such a slider steps by the
      // finest decimal its numbers use (0.01) instead.
      const step = option.step ?? 1;
      const onGrid = Math.abs((option.default - option.min) / step - Math.round((option.default - option.min) / step)) < 1e-6;
      const decimals = Math.max(...[option.min, option.default, step].map((n) => (String(n).split('.')[1] ?? '').length));
      const input = Object.assign(document.createElement('input'), {
        type: 'range', className: 'slider', id, name: option.name,
        min: option.min, max: option.max, step: onGrid ? step : 10 ** -decimals, value: option.default,
      });
      const update = () => {
        output.textContent = `${input.value}${option.unit ? ` ${option.unit}` : ''}`;
        input.style.setProperty('--fill', `${((input.value - option.min) / (option.max - option.min)) * 100}%`);
      };
      input.addEventListener('input', update);
      input.addEventListener('change', update);
      update();
      if (help) input.setAttribute('aria-describedby', help.id);
      head.append(label, output);
      field.append(head, input);
      break;
    }
    case 'boolean': {
      const label = document.createElement('label');
      label.className = 'switch';
      const input = Object.assign(document.createElement('input'), {
        type: 'checkbox', id, name: option.name, checked: Boolean(option.default),
      });
      input.setAttribute('role', 'switch');
      if (help) input.setAttribute('aria-describedby', help.id);
      const track = document.createElement('span');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      label.append(Object.assign(document.createElement('span'), { textContent: option.label }), input, track);
      field.append(label);
      break;
    }
    case 'choice': {
      const group = document.createElement('div');
      group.className = 'segmented';
      group.setAttribute('role', 'radiogroup');
      group.setAttribute('aria-labelledby', `${id}-label`);
      if (help) group.setAttribute('aria-describedby', help.id);
      for (const choice of option.choices) {
        const input = Object.assign(document.createElement('input'), {
          type: 'radio', id: `${id}-${choice.value}`, name: option.name, value: choice.value, checked: choice.value === option.default,
        });
        const label = Object.assign(document.createElement('label'), { htmlFor: input.id, textContent: choice.label });
        group.append(input, label);
      }
      const head = Object.assign(document.createElement('div'), { className: 'field-head' });
      head.append(Object.assign(document.createElement('span'), { id: `${id}-label`, textContent: option.label }));
      field.append(head, group);
      break;
    }
    case 'file': {
      const picker = new FilePicker(option, id, help);
      state.files.set(option.name, picker);
      return picker.field;
    }
    default:
      return document.createComment(`option ${option.name}: type ${option.type} is not drawn yet`);
  }
  if (help) field.append(help);
  return field;
}

/**
 * A file option: a picker that shows the chosen file's name, a button that clears it, and the
 * server's objection to it. The file can also be a preset's (on the server): then the preset's name
 * is sent instead, and only its file's name is shown.
 */
class FilePicker {
  constructor(option, id, help) {
    this.option = option;
    this.file = null;
    this.preset = null;

    this.field = Object.assign(document.createElement('div'), { className: 'field file-field' });
    const head = Object.assign(document.createElement('div'), { className: 'field-head' });
    this.source = Object.assign(document.createElement('span'), { id: `${id}-source` }); // which preset the file is from
    head.append(Object.assign(document.createElement('span'), { id: `${id}-label`, textContent: option.label }), this.source);
    this.box = Object.assign(document.createElement('div'), { className: 'file-picker' });
    this.input = Object.assign(document.createElement('input'), {
      type: 'file', id, name: option.name, className: 'visually-hidden', accept: option.accept ?? '',
    });
    this.input.setAttribute('aria-labelledby', `${id}-label ${id}-choose ${id}-name ${id}-source`);
    const choose = Object.assign(document.createElement('label'), { htmlFor: id, id: `${id}-choose`, className: 'button button-soft button-small', textContent: 'Choose…' });
    this.name = Object.assign(document.createElement('span'), { className: 'file-name', id: `${id}-name` });
    this.clearButton = Object.assign(document.createElement('button'), { type: 'button', className: 'icon-button file-clear', hidden: true });
    this.clearButton.setAttribute('aria-label', `Clear the ${option.label.toLowerCase()}`);
    this.clearButton.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18"/></svg>';
    this.box.append(this.input, choose, this.name, this.clearButton);
    this.error = Object.assign(document.createElement('p'), { className: 'field-error', id: `${id}-error`, hidden: true });
    this.error.setAttribute('role', 'alert');
    const describedBy = [help?.id, this.error.id].filter(Boolean).join(' ');
    this.input.setAttribute('aria-describedby', describedBy);
    this.field.append(head, this.box, ...(help ? [help] : []), this.error);

    this.input.addEventListener('change', () => {
      const [file] = this.input.files;
      this.input.value = ''; // choosing the same file again still counts as a change
      if (file) this.choose(file);
    });
    this.clearButton.addEventListener('click', () => {
      this.clear();
      this.input.focus();
      elements.options.dispatchEvent(new Event('input')); // a change by hand, like any other control's
      this.input.dispatchEvent(new Event('change', { bubbles: true })); // converted photos lose the file's look
    });
    this.render();
  }

  choose(file) {
    if (this.option.maxBytes && file.size > this.option.maxBytes) {
      this.showError(`${file.name} is ${formatBytes(file.size)}; a ${this.option.label.toLowerCase()} may be up to ${formatBytes(this.option.maxBytes)}.`);
      return;
    }
    this.file = file;
    this.preset = null;
    this.render();
  }

  clear() {
    this.file = null;
    this.preset = null;
    this.render();
  }

  /** A preset's value: the name of its file on the server, or '' for none. */
  takeFromPreset(preset, fileName) {
    this.file = null;
    this.preset = fileName ? { name: preset, fileName } : null;
    this.render();
  }

  render() {
    const chosen = this.file?.name ?? this.preset?.fileName;
    this.name.textContent = chosen ?? 'None chosen';
    this.name.title = chosen ?? '';
    this.source.replaceChildren(...(this.preset ? [pill(`from ${this.preset.name}`)] : []));
    this.box.classList.toggle('has-file', Boolean(chosen));
    this.clearButton.hidden = !chosen;
    this.showError('');
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    this.field.classList.toggle('invalid', Boolean(text));
  }

  /** Adds the chosen file to a request; an empty field drops a preset's file; a preset's own file is kept by naming the preset. */
  appendTo(form) {
    if (this.file) form.append(this.option.name, this.file, this.file.name);
    else if (!this.preset) form.append(this.option.name, '');
  }
}

/** The chosen values of every option but the files, as the form fields the API reads. */
function optionFields() {
  const form = new FormData(elements.options);
  return state.options.filter((option) => !state.files.has(option.name)).map((option) => {
    if (option.type === 'boolean') return [option.name, form.has(option.name) ? 'true' : 'false'];
    return [option.name, String(form.get(option.name) ?? option.default)];
  });
}

/**
 * The style, or the preset while its values are untouched (the server then names the results after
 * it, as the command line does); the look's files, and the preset whose files on the server are
 * still chosen, if any.
 */
function appendStyleAndFiles(form) {
  appendFilesAndPreset(form, [...state.files.values()]);
  if (!state.preset) form.append('style', state.style);
}

function appendFilesAndPreset(form, pickers) {
  for (const picker of pickers) picker.appendTo(form);
  const preset = state.preset?.name ?? pickers.find((picker) => picker.preset)?.preset.name;
  if (preset) form.append('preset', preset);
}

// ---------- New looks: what comes after the painting is redone on the server, not painted again ----------

/** The options a converted photo takes anew (the look, HD, size, format: /api/options marks them). */
function refinishingOptions() {
  return new Set(state.options.filter((option) => option.refinishes).map((option) => option.name));
}

/** Those options' values now, as form fields. */
function finishFields() {
  const names = refinishingOptions();
  return optionFields().filter(([name]) => names.has(name));
}

/** The file pickers of those options (a LUT, a colour reference), by name. */
function finishPickers() {
  const names = refinishingOptions();
  return [...state.files].filter(([name]) => names.has(name));
}

/** The form of a new look: those options' values, the look's files, and the preset whose look they start from. */
function finishForm() {
  const form = new FormData();
  for (const [name, value] of finishFields()) form.append(name, value);
  appendFilesAndPreset(form, finishPickers().map(([, picker]) => picker));
  return form;
}

/** A fingerprint of what a new look would send, to tell whether a card has it already. */
function finishKey() {
  const files = finishPickers()
    .map(([name, picker]) => [name, picker.file ? [picker.file.name, picker.file.size, picker.file.lastModified] : picker.preset?.fileName ?? null]);
  return JSON.stringify([finishFields(), files, state.preset?.name ?? null]);
}

/** A fingerprint of what only a new painting changes: the style and the other options. */
function paintKey() {
  const names = refinishingOptions();
  return JSON.stringify([state.style, optionFields().filter(([name]) => !names.has(name))]);
}

let relookTimer = null;

/**
 * A control changed: converted photos say whether they need painting again for the settings now, and
 * when the change was to the look (or HD, size, format), they take it once the controls settle (a
 * preset sets several at once).
 */
function settingsChanged({ relook }) {
  for (const card of state.cards) card.markStale();
  if (!relook) return;
  clearTimeout(relookTimer);
  relookTimer = setTimeout(() => {
    for (const card of state.cards) card.relook();
  }, 250);
}

// ---------- Photos: one card and one job each ----------

/** ISO-BMFF brands of still pictures (HEIF, HEIC, AVIF): boxes like an MP4's, but photos (as the server's VideoFiles knows). */
const STILL_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'];

/**
 * What a chosen file is, by its first bytes: 'photo', 'clip', 'empty', 'no-video' (a clip on a
 * server without ffmpeg) or 'unknown'. The page says at once what it can tell; the server, which
 * decodes every file, stays the authority (a damaged photo is still refused there).
 */
async function sniff(file) {
  if (file.size === 0) return 'empty';
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const text = (from, to) => String.fromCharCode(...head.subarray(from, to));
  const startsWith = (...bytes) => bytes.every((byte, index) => head[index] === byte);
  const isoBox = text(4, 8) === 'ftyp';
  if (startsWith(0xff, 0xd8, 0xff) || startsWith(0x89, 0x50, 0x4e, 0x47) || text(0, 4) === 'GIF8' || (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP')
    || text(0, 4) === 'II*\0' || text(0, 4) === 'MM\0*' || (isoBox && STILL_BRANDS.includes(text(8, 12)))) return 'photo';
  // Containers are many and ffprobe knows them all: what looks like one, or what the browser or the name calls a video, goes to the server.
  const extension = file.name.toLowerCase().match(/\.[^.]+$/)?.[0];
  const container = isoBox || startsWith(0x1a, 0x45, 0xdf, 0xa3) || (text(0, 4) === 'RIFF' && text(8, 12) === 'AVI ');
  if (container || file.type.startsWith('video/') || state.video?.extensions.includes(extension)) return state.video?.available ? 'clip' : 'no-video';
  return 'unknown';
}

/** A muted, looping <video> in place of a card's picture: the before and after of a clip play side by side under the slider. */
function videoInPlaceOf(image) {
  const video = Object.assign(document.createElement('video'), { className: image.className, muted: true, loop: true, playsInline: true, preload: 'metadata' });
  video.setAttribute('aria-label', image.alt);
  image.replaceWith(video);
  return video;
}

class Card {
  constructor({ name, file = null, sample = null, beforeUrl, kind = 'photo' }) {
    this.name = name;
    this.file = file;
    this.sample = sample;
    this.beforeUrl = beforeUrl;
    this.clip = kind === 'clip';
    this.job = null;
    this.events = null;
    this.retryTimer = null;

    this.element = elements.template.content.firstElementChild.cloneNode(true);
    this.compare = $('.compare', this.element);
    this.before = $('.before', this.element);
    this.after = $('.after', this.element);
    this.playback = $('.playback', this.element);
    this.range = $('.compare-range', this.element);
    this.progress = $('.progress', this.element);
    this.bar = $('.bar', this.element);
    this.status = $('.status', this.element);
    this.error = $('.error', this.element);
    this.download = $('.download', this.element);
    this.redo = $('.redo', this.element);
    this.reuse = $('.reuse', this.element);
    this.settingsLine = $('.settings', this.element);
    this.preview = $('.look-preview', this.element);
    this.lookTicket = 0; // the latest new look asked for; answers to earlier ones are dropped
    this.remove = $('.remove', this.element);

    $('.name', this.element).textContent = name;
    $('.name', this.element).title = name;
    this.before.alt = this.clip ? `Original clip: ${name}` : `Original photo: ${name}`;
    this.after.alt = `Anime version of ${name}`;
    if (this.clip) {
      this.before = videoInPlaceOf(this.before);
      this.after = videoInPlaceOf(this.after);
      this.element.classList.add('clip');
      this.syncPlayback();
    }
    this.range.setAttribute('aria-label', `Compare ${name}: before on the left, after on the right`);
    this.progress.setAttribute('aria-label', `Converting ${name}`);
    this.remove.setAttribute('aria-label', `Remove ${name}`);
    this.before.addEventListener(this.clip ? 'loadedmetadata' : 'load', () => {
      const [width, height] = naturalSize(this.before);
      this.compare.style.aspectRatio = `${width} / ${height}`;
    });
    // Formats a browser cannot show (TIFF, HEIF) still convert; there is just nothing to compare with.
    this.before.addEventListener('error', () => {
      this.element.classList.remove('comparable');
      this.element.classList.add('no-before');
    });
    if (beforeUrl) {
      this.before.src = beforeUrl;
      this.element.classList.add('comparable');
    } else {
      this.element.classList.add('no-before'); // a photo from before a reload: the server keeps only its result
    }

    this.range.addEventListener('input', () => {
      this.compare.style.setProperty('--pos', `${this.range.value}%`);
      this.uncoverTags();
    });
    this.redo.addEventListener('click', () => this.submit());
    this.reuse.addEventListener('click', () => applySettings(this.settings));
    this.remove.addEventListener('click', () => this.dispose());
    this.setState('ready', 'Ready to convert');
  }

  get pending() { return this.element.dataset.state === 'ready'; }

  /** A tag the divider has reached steps aside, so the knob never sits on a "Before" or "After". */
  uncoverTags() {
    const divider = (this.range.value / 100) * this.compare.clientWidth;
    const [before, after] = [$('.tag-before', this.element), $('.tag-after', this.element)];
    const margin = 24; // the knob's half width and a little air
    before.classList.toggle('covered', divider < before.offsetLeft + before.offsetWidth + margin);
    after.classList.toggle('covered', divider > after.offsetLeft - margin);
  }

  /** The converted clip leads; the original follows it (play, pause, seek, and any drift over a few frames). */
  syncPlayback() {
    const follow = () => {
      if (Math.abs(this.before.currentTime - this.after.currentTime) > 0.1) this.before.currentTime = this.after.currentTime;
    };
    this.after.addEventListener('play', () => { follow(); this.before.play().catch(() => {}); this.playback.textContent = 'Pause'; });
    this.after.addEventListener('pause', () => { this.before.pause(); follow(); this.playback.textContent = 'Play'; });
    this.after.addEventListener('seeked', follow);
    this.after.addEventListener('timeupdate', follow);
    this.playback.addEventListener('click', () => (this.after.paused ? this.after.play().catch(() => {}) : this.after.pause()));
  }

  setState(name, status) {
    this.element.dataset.state = name;
    this.status.textContent = status;
    refreshButtons();
  }

  get working() { return ['uploading', 'queued', 'running'].includes(this.element.dataset.state); }

  setProgress(fraction) {
    const percent = Math.round(fraction * 100);
    this.bar.style.width = `${percent}%`;
    this.progress.setAttribute('aria-valuenow', String(percent));
  }

  async submit() {
    this.forgetJob();
    const attempt = this.attempt;
    this.error.hidden = true;
    this.download.hidden = true;
    this.redo.hidden = true;
    this.playback.hidden = true;
    this.after.removeAttribute('src');
    this.setProgress(0);
    this.setState('uploading', STAGES.uploading);
    this.showSettings({ style: state.style, preset: state.preset?.name ?? null, values: Object.fromEntries(optionFields()) });
    [this.finishKey, this.paintKey] = [finishKey(), paintKey()];

    const form = new FormData();
    if (this.file) form.append('image', this.file, this.file.name);
    else form.append('sample', this.sample);
    for (const [name, value] of optionFields()) form.append(name, value);
    appendStyleAndFiles(form);

    try {
      const limit = this.clip ? state.video?.maxVideoBytes : state.limits?.maxRequestBytes;
      if (this.file && limit && this.file.size > limit) {
        throw new Problem(this.clip ? 'Clip too large' : 'Photo too large', `${this.name} is ${formatBytes(this.file.size)}; the server takes up to ${formatBytes(limit)}.`, 413);
      }
      const response = await request('/api/jobs', { method: 'POST', body: form });
      const job = await response.json();
      if (attempt !== this.attempt) {
        // Cancelled or removed while the upload was answered: the server drops the job it just made.
        fetch(`/api/jobs/${job.id}`, { method: 'DELETE' }).catch(() => {});
        return;
      }
      this.job = job.id;
      savedJobs.add({
        job: job.id, name: this.name, kind: this.clip ? 'clip' : 'photo', sample: this.sample, sampleUrl: this.sample ? this.beforeUrl : null,
        settings: this.settings, finishKey: this.finishKey, paintKey: this.paintKey,
      });
      this.update(job);
      this.watch();
    } catch (problem) {
      if (attempt !== this.attempt) return;
      if (problem.status === 503) this.retryLater(problem.retryAfter ?? 3);
      else this.fail(problem);
    }
  }

  /** The server's queue is full: say so, and try again when it suggests. */
  retryLater(seconds) {
    this.setState('queued', `The painters are busy — trying again in ${seconds} s…`);
    this.retryTimer = setTimeout(() => this.submit(), seconds * 1000);
  }

  watch() {
    this.events = new EventSource(`/api/jobs/${this.job}/events`);
    this.events.addEventListener('status', (event) => this.update(JSON.parse(event.data)));
    this.events.addEventListener('error', () => {
      // The stream ends when the job does; if it broke earlier, ask once more for the job's state.
      this.events?.close();
      this.events = null;
      if (this.job && !['done', 'failed'].includes(this.element.dataset.state)) this.poll();
    });
  }

  async poll() {
    try {
      const job = await getJson(`/api/jobs/${this.job}`);
      this.update(job);
      if (!['done', 'failed'].includes(this.element.dataset.state)) setTimeout(() => this.poll(), 700);
    } catch (problem) {
      this.fail(problem);
    }
  }

  update(job) {
    const image = job.images[0];
    if (image.state === 'done') {
      this.events?.close();
      this.showResult(image);
    } else if (image.state === 'failed') {
      this.events?.close();
      this.fail(image.error ?? new Problem('Conversion failed', 'The server could not convert this photo.'));
    } else if (image.state === 'cancelled') {
      this.events?.close();
      this.fail(new Problem('Cancelled', 'The conversion was cancelled.'));
    } else {
      this.setProgress(image.progress);
      this.setState(image.state, image.state === 'running' ? progressText(image) : queueText(image));
    }
  }

  /** Shows the finished picture: the job's result, or (pictureUrl) a new look's answer the page holds already. */
  showResult(image, pictureUrl = image.result) {
    if (this.after.getAttribute('src') === pictureUrl) return; // the stream and a poll can both report the end
    const relook = this.element.classList.contains('relooking');
    this.setProgress(1);
    this.after.addEventListener(this.clip ? 'loadeddata' : 'load', () => {
      this.element.classList.remove('relooking');
      this.preview.style.opacity = '0';
      if (this.lookUrl && this.lookUrl !== pictureUrl) URL.revokeObjectURL(this.lookUrl);
      this.lookUrl = pictureUrl === image.result ? null : pictureUrl;
      const [width, height] = naturalSize(this.after);
      this.compare.style.aspectRatio = `${width} / ${height}`;
      const frames = image.frames ? ` · ${image.frames} frames` : '';
      this.setState('done', `Done · ${width}×${height}${frames}${facesText(image.faces)}${timingText(image.timings)}`);
      if (this.clip) {
        this.playback.hidden = false;
        this.after.play().catch(() => {}); // muted, so browsers let it start by itself
      }
      this.download.href = `${image.result}?download=true`;
      this.download.setAttribute('download', image.download);
      this.download.setAttribute('aria-label', `Download the anime version of ${this.name}`);
      this.download.hidden = false;
      this.redo.hidden = !this.canResend;
      this.markStale();
      announce(relook ? `The new look is applied to ${this.name}.` : `${this.name} is converted and ready to download.`);
    }, { once: true });
    this.after.addEventListener('error', () => this.fail(new Problem('Result unavailable', 'The result could not be loaded; it may have expired.')), { once: true });
    this.after.src = pictureUrl;
  }

  /**
   * A converted photo takes the look, HD, size and format now set, from the picture the server painted
   * for it: no new painting. Nothing is sent when it has them already.
   */
  async relook() {
    this.markStale();
    if (!this.job || this.clip || this.element.dataset.state !== 'done') return;
    const key = finishKey();
    if (key === this.finishKey) {
      this.preview.style.opacity = '0';
      return;
    }
    const ticket = ++this.lookTicket;
    this.element.classList.add('relooking');
    this.status.textContent = 'Applying the new look…';
    try {
      const response = await request(`/api/jobs/${this.job}/results/0/look`, { method: 'POST', body: finishForm() });
      const picture = URL.createObjectURL(await response.blob());
      const job = await getJson(`/api/jobs/${this.job}`);
      if (ticket !== this.lookTicket) {
        URL.revokeObjectURL(picture);
        return;
      }
      this.finishKey = key;
      this.showSettings({ ...this.settings, preset: state.preset?.name ?? null, values: { ...this.settings.values, ...Object.fromEntries(finishFields()) } });
      savedJobs.update(this.job, { settings: this.settings, finishKey: key });
      this.showResult(job.images[0], picture);
    } catch (problem) {
      if (ticket !== this.lookTicket) return;
      // The picture it has stays; the card says why the new look is not on it.
      this.element.classList.remove('relooking');
      this.preview.style.opacity = '0';
      state.files.get(problem.field)?.showError(problem.detail.charAt(0).toUpperCase() + problem.detail.slice(1));
      this.status.textContent = `The new look was not applied: ${problem.detail}`;
    }
  }

  /**
   * While the strength slider moves: the photo laid over the result at the opacity that makes their
   * mix the new strength's (the browser blends encoded sRGB, as the server's strength does), until the
   * server's new look arrives. Only a lower strength can be shown so: a higher one needs the painting.
   */
  previewStrength(strength) {
    if (this.clip || !this.beforeUrl || this.element.dataset.state !== 'done') return;
    const shown = Number(this.settings?.values.strength ?? 1);
    if (!this.preview.getAttribute('src')) this.preview.src = this.beforeUrl;
    this.preview.style.opacity = String(shown > 0 ? Math.min(1, Math.max(0, 1 - strength / shown)) : 0);
  }

  /** Says on a converted card when the style or an option that only a new painting changes differs from what made it. */
  markStale() {
    const stale = this.element.dataset.state === 'done' && Boolean(this.paintKey) && this.paintKey !== paintKey();
    this.redo.textContent = stale ? 'Convert again to apply' : 'Convert again';
    this.redo.classList.toggle('button-primary', stale);
    this.redo.classList.toggle('button-soft', !stale);
  }

  /** Stops the conversion where it is (the server drops the job); Convert again starts it anew. */
  cancel() {
    this.forgetJob();
    this.fail(new Problem('Cancelled', 'You stopped this conversion.'));
  }

  /** A file the page can tell is no photo: said at once, and never sent. */
  refuse(kind) {
    this.fail({
      empty: new Problem('Nothing in this file', 'It is 0 bytes long; choose the photo itself.', 422),
      unknown: new Problem('Not a photo', `It is none of ${state.limits.formats}${state.video?.available ? ', nor a video clip' : ''}.`, 415),
      'no-video': new Problem('Clips are off', `This is a video clip; ${state.video?.unavailable ?? 'this server converts photos only'}.`, 415),
    }[kind]);
  }

  fail(problem) {
    this.setState('failed', '');
    state.files.get(problem.field)?.showError(problem.detail.charAt(0).toUpperCase() + problem.detail.slice(1));
    // The card already names the photo, and codec details often repeat the title: say each thing once.
    let detail = problem.detail.startsWith(`${this.name}: `) ? problem.detail.slice(this.name.length + 2) : problem.detail;
    const repeatsTitle = detail.toLowerCase().startsWith(problem.title.toLowerCase());
    if (repeatsTitle) detail = detail.charAt(0).toUpperCase() + detail.slice(1);
    $('.error-title', this.element).textContent = repeatsTitle ? '' : `${problem.title}.`;
    $('.error-detail', this.element).textContent = detail;
    this.error.hidden = false;
    // Trying the same photo again only helps when the photo was not the problem (an option's file can be).
    this.redo.hidden = !this.canResend || ([413, 415, 422].includes(problem.status) && !problem.field);
  }

  forgetJob() {
    this.attempt = (this.attempt ?? 0) + 1; // an upload still being answered belongs to no attempt now
    clearTimeout(this.retryTimer);
    this.events?.close();
    this.events = null;
    if (this.job) {
      fetch(`/api/jobs/${this.job}`, { method: 'DELETE' }).catch(() => {});
      savedJobs.remove(this.job);
    }
    this.job = null;
  }

  /** The style (or preset) and the options that made this card, on the card, with a button to take them up again. */
  showSettings(settings) {
    this.settings = settings;
    const preset = state.presets.find((p) => p.name === settings.preset);
    $('.badge', this.element).textContent = preset?.title ?? state.styles.find((s) => s.name === settings.style)?.title ?? settings.style;
    this.settingsLine.textContent = describeSettings(settings.values);
    this.settingsLine.hidden = false;
    this.reuse.hidden = false;
  }

  /** A card from before a reload: its job's state now, followed to its end if it is still converting. */
  restore(entry, job) {
    this.job = entry.job;
    [this.finishKey, this.paintKey] = [entry.finishKey ?? null, entry.paintKey ?? null];
    this.showSettings(entry.settings);
    this.update(job);
    if (!['done', 'failed'].includes(this.element.dataset.state)) this.watch();
  }

  /** Only a photo the page still has (chosen now, or a sample) can be sent again. */
  get canResend() { return Boolean(this.file || this.sample); }

  dispose() {
    this.forgetJob();
    if (this.lookUrl) URL.revokeObjectURL(this.lookUrl);
    if (this.clip) this.after.pause();
    if (this.file) URL.revokeObjectURL(this.beforeUrl);
    state.cards.delete(this);
    const next = this.element.nextElementSibling ?? this.element.previousElementSibling;
    this.element.remove();
    ($('.remove', next ?? document) ?? elements.chooseFiles).focus();
    refreshButtons();
  }
}

function naturalSize(media) {
  return media instanceof HTMLVideoElement ? [media.videoWidth, media.videoHeight] : [media.naturalWidth, media.naturalHeight];
}

/** "about 40 s", "about 3 min". */
function aboutTime(seconds) {
  return seconds >= 90 ? `about ${Math.round(seconds / 60)} min` : `about ${Math.max(1, Math.ceil(seconds))} s`;
}

/** A running conversion in words: a clip's frame or a photo's stage, and the time left at the rate so far once the server can tell. */
function progressText(image) {
  const left = image.remainingSeconds == null ? '' : ` · ${aboutTime(image.remainingSeconds)} left`;
  if (image.frames) return `Painting frame ${image.frame} of ${image.frames}${left}`;
  return `${STAGES[image.stage] ?? 'Working…'} ${Math.round(image.progress * 100)}%${left}`;
}

/** A waiting conversion in words: its place in the server's line and when it should start. */
function queueText(image) {
  if (!image.queuePosition) return STAGES.queued;
  const place = image.queuePosition === 1 ? 'next in line' : `${image.queuePosition} in line`;
  return `${STAGES.queued.replace(/…$/, '')} · ${place} · starts in ${aboutTime(image.startsInSeconds ?? 0)}`;
}

function facesText(faces) {
  if (!faces) return '';
  return faces === 1 ? ' · 1 face' : ` · ${faces} faces`;
}

function timingText(timings) {
  if (!timings) return '';
  const total = Object.values(timings).reduce((sum, ms) => sum + ms, 0);
  return ` · ${(total / 1000).toFixed(1)} s`;
}

function formatBytes(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(bytes % 1048576 ? 1 : 0)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Cards in the order the photos were chosen: a new one goes last. */
function addCard(options) {
  showMessage('');
  const card = new Card(options);
  state.cards.add(card);
  elements.results.append(card.element);
  refreshButtons();
  return card;
}

async function addFiles(files) {
  const list = [...files];
  if (!list.length) return;
  // Read every file's first bytes before adding any card, so the cards keep the order they were chosen in.
  const kinds = await Promise.all(list.map(sniff));
  const cards = list.map((file, index) => {
    const card = addCard({ name: file.name || 'upload', file, beforeUrl: URL.createObjectURL(file), kind: kinds[index] });
    if (!['photo', 'clip'].includes(kinds[index])) card.refuse(kinds[index]);
    return card;
  });
  // The photos just added stay in view; the button takes the keyboard focus without scrolling away to it.
  cards[0].element.scrollIntoView({ block: 'nearest' });
  elements.convert.focus({ preventScroll: true });
}

/** "3 photos", "1 clip", "2 files": what a set of cards holds. */
function countText(cards) {
  const clips = cards.filter((card) => card.clip).length;
  const noun = clips === 0 ? 'photo' : clips === cards.length ? 'clip' : 'file';
  return `${cards.length} ${noun}${cards.length === 1 ? '' : 's'}`;
}

/**
 * The buttons say what they will do: the main one converts what is ready (or says what is converting,
 * or what to do first); over the cards, Download all packs what is done, Cancel all stops what runs.
 */
function refreshButtons() {
  const cards = [...state.cards];
  const pending = cards.filter((card) => card.pending);
  const working = cards.filter((card) => card.working);
  const done = cards.filter((card) => card.element.dataset.state === 'done');
  elements.resultsBar.hidden = cards.length === 0;
  elements.cancelAll.hidden = working.length === 0;
  // One result has its own Download; two or more come as one ZIP, each under its own name.
  elements.downloadAll.hidden = done.length < 2;
  elements.downloadAll.href = `/api/results.zip?${done.map((card) => `job=${card.job}`).join('&')}`;
  elements.downloadAll.setAttribute('download', 'animegan-results.zip');
  elements.downloadAll.textContent = `Download all ${done.length} (ZIP)`;
  elements.convert.disabled = pending.length === 0;
  $('.convert-label', elements.convert).textContent = pending.length ? `Convert ${countText(pending)}`
    : working.length ? `Converting ${countText(working)}…`
      : cards.length ? 'Add more photos' : 'Add a photo to start';
  // The video options matter only once a clip is here.
  elements.options.querySelector('[data-group="Video"]')?.toggleAttribute('hidden', ![...state.cards].some((card) => card.clip));
}

function convertPending() {
  const pending = [...state.cards].filter((card) => card.pending);
  for (const card of pending) card.submit();
  refreshButtons();
  pending[0]?.element.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

// ---------- History: this browser's jobs, listed again after a reload while the server keeps them ----------

const savedJobs = {
  key: 'animegan.history',
  size: 24,
  read() {
    try {
      return JSON.parse(localStorage.getItem(this.key)) ?? [];
    } catch {
      return [];
    }
  },
  write(entries) {
    localStorage.setItem(this.key, JSON.stringify(entries.slice(-this.size)));
  },
  add(entry) { this.write([...this.read().filter((e) => e.job !== entry.job), entry]); },
  remove(job) { this.write(this.read().filter((e) => e.job !== job)); },
  update(job, changes) { this.write(this.read().map((e) => (e.job === job ? { ...e, ...changes } : e))); },
};

/** Lists the jobs of earlier visits again; those the server no longer has (expired, deleted) are forgotten. */
async function restoreHistory() {
  for (const entry of savedJobs.read()) {
    let job;
    try {
      job = await getJson(`/api/jobs/${entry.job}`);
    } catch {
      savedJobs.remove(entry.job);
      continue;
    }
    // The photo itself comes back from the server while it keeps it, for the comparison and the strength preview.
    const card = addCard({ name: entry.name, sample: entry.sample, beforeUrl: entry.sampleUrl ?? job.images[0].original ?? null, kind: entry.kind });
    card.restore(entry, job);
  }
}

/** The options that differ from their defaults, in the panel's words: "Working size 256 px · Strength 0.7". */
function describeSettings(values) {
  // Numbers compare as numbers: a float default (0.7 sent as 0.699999988) is the slider's 0.7.
  const differs = (option, value) => (['integer', 'number'].includes(option.type)
    ? Math.abs(Number(value) - Number(option.default)) > 1e-6 : String(value) !== String(option.default));
  const changed = state.options.filter((option) => option.type !== 'file' && option.name in values && differs(option, values[option.name]));
  const words = changed.map((option) => {
    const value = values[option.name];
    if (option.type === 'boolean') return `${option.label} ${value === 'true' ? 'on' : 'off'}`;
    if (option.type === 'choice') return `${option.label}: ${option.choices.find((c) => c.value === value)?.label ?? value}`;
    return `${option.label} ${value}${option.unit ? ` ${option.unit}` : ''}`;
  });
  return words.length ? words.join(' · ') : 'Default options';
}

/** Sets the style and the controls to what made a card. */
function applySettings(settings) {
  selectStyle(settings.style);
  for (const [name, value] of Object.entries(settings.values)) setOption(name, value, settings.preset);
  markPreset(state.presets.find((p) => p.name === settings.preset) ?? null);
  settingsChanged({ relook: false }); // the controls take a card's settings for the next conversion; converted photos keep theirs
  announce('The controls are set to that photo\'s settings.');
}

// ---------- Samples ----------

function renderSamples(samples) {
  if (!samples.length) return;
  elements.gallery.hidden = false;
  elements.samples.replaceChildren(...samples.map((sample, index) => {
    const item = document.createElement('li');
    item.hidden = index >= SAMPLES_SHOWN;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sample';
    button.setAttribute('aria-label', `Convert the sample ${sample.name}`);
    const image = Object.assign(document.createElement('img'), { src: sample.thumbnail, alt: '', loading: 'lazy', width: 120, height: 120 });
    button.append(image);
    button.addEventListener('click', () => {
      const card = addCard({ name: sample.name, sample: sample.name, beforeUrl: sample.url });
      card.submit();
      card.element.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    });
    item.append(button);
    return item;
  }));
  if (samples.length > SAMPLES_SHOWN) {
    elements.moreSamples.hidden = false;
    elements.moreSamples.textContent = `Show all ${samples.length} samples`;
    elements.moreSamples.addEventListener('click', () => {
      for (const item of elements.samples.children) item.hidden = false;
      elements.moreSamples.hidden = true;
      elements.samples.children[SAMPLES_SHOWN]?.querySelector('button').focus();
    }, { once: true });
  }
}

// ---------- Drag and drop ----------

function wireDropzone() {
  const zone = elements.dropzone;
  // A click anywhere in the zone opens the picker: the "Choose photos…" button (by Enter and Space too) or around it.
  zone.addEventListener('click', (event) => {
    if (event.target !== elements.fileInput) elements.fileInput.click();
  });
  elements.fileInput.addEventListener('change', () => {
    addFiles(elements.fileInput.files);
    elements.fileInput.value = '';
  });
  let depth = 0;
  zone.addEventListener('dragenter', (event) => { event.preventDefault(); depth++; zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; zone.classList.remove('dragging'); } });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); event.dataTransfer.dropEffect = 'copy'; });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    addFiles(event.dataTransfer.files);
  });
  // A photo dropped beside the zone should not make the browser navigate away from the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => { event.preventDefault(); if (!zone.contains(event.target)) addFiles(event.dataTransfer.files); });
}

// ---------- Start ----------

async function start() {
  wireDropzone();
  elements.convert.addEventListener('click', convertPending);
  elements.cancelAll.addEventListener('click', () => {
    for (const card of [...state.cards].filter((c) => c.working)) card.cancel();
    elements.clearAll.focus();
  });
  elements.clearAll.addEventListener('click', () => {
    for (const card of [...state.cards]) card.dispose();
    elements.chooseFiles.focus();
  });
  try {
    const [styles, options, samples] = await Promise.all([getJson('/api/styles'), getJson('/api/options'), getJson('/api/samples')]);
    renderStyles(styles);
    renderOptions(options);
    renderPresets(styles.presets);
    renderSamples(samples);
    // Any change made by hand turns the values into the person's own; converted photos follow the look.
    elements.options.addEventListener('input', (event) => {
      markPreset(null);
      if (event.target.name === 'strength') for (const card of state.cards) card.previewStrength(Number(event.target.value));
    });
    elements.options.addEventListener('change', (event) => settingsChanged({ relook: refinishingOptions().has(event.target.name) }));
    elements.styles.addEventListener('change', () => settingsChanged({ relook: false }));
    await restoreHistory();
    document.body.dataset.ready = 'true';
  } catch (problem) {
    showMessage(`${problem.title}: ${problem.detail}`);
  }
}

start();
