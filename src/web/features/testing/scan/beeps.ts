import type { Level } from './tube-filling';

/**
 * Sound for eyes on the queue, not the screen (Web Audio, no files): ok one short high beep, warn
 * two middle beeps, error one long low buzz. The AudioContext starts on the first key or tap.
 */
let audio: AudioContext | null = null;

function tone(ctx: AudioContext, freq: number, start: number, ms: number, type: OscillatorType): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.value = 0.2;
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + ms / 1000);
}

export function beep(level: Level): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    if (level === 'ok') tone(audio, 1320, 0, 90, 'sine');
    else if (level === 'warn') {
      tone(audio, 660, 0, 110, 'triangle');
      tone(audio, 660, 0.16, 110, 'triangle');
    } else tone(audio, 180, 0, 450, 'square');
  } catch {
    /* no audio on this device: colour alone */
  }
}
