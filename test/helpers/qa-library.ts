/**
 * A small Q&A library for classifier tests: six entries, eight phrasings each.
 */
import type { QaTrainingEntry } from '../../modules/qa/nlp/index.js';

export const smallLibrary: QaTrainingEntry[] = [
  { entryId: 'orari-anagrafe', phrasings: ['orari anagrafe', "quando apre l'anagrafe?", "a che ora apre l'ufficio anagrafe", "l'anagrafe è aperta il sabato?", "orario di apertura dell'anagrafe", "fino a che ora è aperta l'anagrafe", 'anagrafe aperta oggi pomeriggio?', "quando riceve l'ufficio anagrafe"] },
  { entryId: 'tari-pagamento', phrasings: ['come pago la tari', 'scadenza tari', 'non mi è arrivato il bollettino della tari', 'quando scade la tassa sui rifiuti', 'tari rate', 'pagamento tassa rifiuti', "ho perso l'avviso tari", 'si può pagare la tari con app io?'] },
  { entryId: 'carta-identita', phrasings: ["come faccio la carta d'identità elettronica", "rinnovo carta d'identità", "mi è scaduta la carta d'identità", "quanto costa la carta d'identità", 'appuntamento per la CIE', "cosa serve per fare la carta d'identità", 'carta identita elettronica documenti', "rinnovare la carta d'identità di mio figlio"] },
  { entryId: 'ingombranti', phrasings: ['ritiro ingombranti', 'come butto un divano vecchio', 'dove porto il materasso', 'ritiro a domicilio mobili vecchi', 'devo buttare una lavatrice rotta', 'prenotare ritiro rifiuti ingombranti', 'come smaltisco un frigorifero', 'quanto costa il ritiro degli ingombranti'] },
  { entryId: 'biblioteca', phrasings: ['orari biblioteca', 'quando apre la biblioteca', 'come mi iscrivo in biblioteca', 'prestito libri', 'rinnovare il prestito di un libro', 'biblioteca comunale aperta sabato', 'catalogo biblioteca online', 'posso studiare in biblioteca'] },
  { entryId: 'lampione', phrasings: ['lampione spento', 'la luce della strada non funziona', 'segnalare guasto illuminazione pubblica', 'via al buio lampioni rotti', 'il lampione davanti a casa lampeggia', 'a chi segnalo un palo della luce rotto', 'illuminazione pubblica guasta', 'luci stradali spente da giorni'] },
];
