/**
 * Municipal synonyms: the words citizens use mapped onto the words a library is written in, applied
 * to training phrasings and questions alike (after `normalizeForMatch`, so keys are lowercase,
 * accent-free, elisions split). A bag-of-words model cannot know that "camposanto" is "cimitero"
 * from 8–15 phrasings; a comune's staff cannot be expected to write every regional word either.
 * Written from general Italian municipal vocabulary (not from any evaluation file); a tenant's
 * real logs should extend it.
 */

/**
 * Phrase → canonical phrase, both in `normalizeForMatch` form. Longer phrases win ("vigili del
 * fuoco" is not "vigili"). Keep targets to words the starter library uses.
 */
export const MUNICIPAL_SYNONYMS: Readonly<Record<string, string>> = {
  // cemetery
  camposanto: 'cimitero', cimiteri: 'cimitero', 'cimitero comunale': 'cimitero', loculo: 'loculi', tomba: 'loculi', tombe: 'loculi',
  'luce votiva': 'lampade votive', 'luci votive': 'lampade votive', 'lampada votiva': 'lampade votive', lumino: 'lampade votive',
  // local police (but firefighters are not)
  'vigili del fuoco': 'pompieri', 'vigili urbani': 'polizia locale', vigili: 'polizia locale', vigile: 'polizia locale',
  'polizia municipale': 'polizia locale', municipale: 'polizia locale', 'comando polizia': 'polizia locale',
  // the town hall
  municipio: 'comune', 'palazzo comunale': 'comune', 'servizi demografici': 'anagrafe', demografico: 'anagrafe', 'ufficio anagrafico': 'anagrafe',
  // waste
  spazzatura: 'rifiuti', immondizia: 'rifiuti', immondizie: 'rifiuti', pattume: 'rifiuti', monnezza: 'rifiuti', mondezza: 'rifiuti',
  rusco: 'rifiuti', scoasse: 'rifiuti', sporcizia: 'rifiuti', 'tassa rifiuti': 'tari', 'tassa sui rifiuti': 'tari', 'tassa della rifiuti': 'tari',
  bidone: 'cassonetto', bidoni: 'cassonetti', bidoncino: 'cassonetto', mastello: 'cassonetto', mastelli: 'cassonetti',
  ecocentro: 'centro raccolta', ecocentri: 'centro raccolta', ecopiazzola: 'centro raccolta', 'isola ecologica': 'centro raccolta',
  'piazzola ecologica': 'centro raccolta', discarica: 'centro raccolta', crm: 'centro raccolta',
  netturbini: 'raccolta', spazzini: 'raccolta', 'camion della spazzatura': 'raccolta',
  // identity documents
  cie: 'carta d identita elettronica', 'documento d identita': 'carta d identita', 'documento di identita': 'carta d identita',
  'carta di identita': 'carta d identita', 'carta identita': 'carta d identita',
  // theft and loss
  rubato: 'furto', rubata: 'furto', rubati: 'furto', rubate: 'furto', scippato: 'furto', scippata: 'furto', scippo: 'furto',
  borseggio: 'furto', derubato: 'furto', derubata: 'furto', smarrito: 'perso', smarrita: 'perso', smarrimento: 'perso', persa: 'perso',
  // school
  pulmino: 'scuolabus', pullmino: 'scuolabus', 'pulmino della scuola': 'scuolabus', 'bus scolastico': 'scuolabus', refezione: 'mensa',
  'scuola materna': 'scuola dell infanzia', 'nido d infanzia': 'asilo nido',
  // streets
  voragine: 'buca', buche: 'buca', 'palo della luce': 'lampione', lampioni: 'lampione', 'luce pubblica': 'illuminazione pubblica',
  impalcatura: 'ponteggio', impalcature: 'ponteggio', trabattello: 'ponteggio', ponteggi: 'ponteggio',
  posteggio: 'parcheggio', posteggiare: 'parcheggiare', contravvenzione: 'multa',
  // money and help
  sussidio: 'contributo', sussidi: 'contributi', 'aiuto economico': 'contributo',
  bolletta: 'bollettino', bollette: 'bollettino', 'avviso di pagamento': 'bollettino',
  // others
  nozze: 'matrimonio', sposarsi: 'matrimonio', sposare: 'matrimonio', sposarci: 'matrimonio', sposarmi: 'matrimonio',
  'posta elettronica certificata': 'pec', 'e mail': 'email', mail: 'email', 'posta elettronica': 'email',
  bottega: 'negozio', 'esercizio commerciale': 'negozio', 'attivita commerciale': 'negozio',
  ristrutturare: 'ristrutturazione', ristrutturo: 'ristrutturazione', votare: 'voto', elezioni: 'voto', seggio: 'voto',
  acquedotto: 'acqua', tubatura: 'acqua',
  biblio: 'biblioteca', libri: 'libro',
};

/** Longest phrase, in words: the window `canonicalize` looks at. */
const MAX_WORDS = Math.max(...Object.keys(MUNICIPAL_SYNONYMS).map((k) => k.split(' ').length));

/**
 * Replace synonyms by their canonical phrase, longest match first, left to right.
 *
 * @example
 * canonicalize('orari camposanto');            // => "orari cimitero"
 * canonicalize('numero dei vigili del fuoco'); // => "numero dei pompieri"
 */
export function canonicalize(normalized: string, synonyms: Readonly<Record<string, string>> = MUNICIPAL_SYNONYMS): string {
  if (normalized === '') return normalized;
  const words = normalized.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = false;
    for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1; n -= 1) {
      const target = synonyms[words.slice(i, i + n).join(' ')];
      if (target !== undefined) {
        out.push(target);
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) out.push(words[i++] as string);
  }
  return out.join(' ');
}
