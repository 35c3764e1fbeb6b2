import type { FieldName } from '../fields';
import { foldLabel } from './index';

/** "First Name", "first_name", "firstName", "PRÉNOM": folded to letters and digits ("firstname", "prenom"). */
export function columnKey(text: string): string {
	return foldLabel(text).replace(/[^a-z0-9]/g, '');
}

// The items of one batch share their column names: each distinct name is folded once (the
// first 10,000 kept, so that a stream of odd names cannot grow it without bound).
const FOLDED = new Map<string, string>();

/** columnKey, remembered per name: Map Automatically and the items' references read many items. */
export function foldedColumnKey(key: string): string {
	let result = FOLDED.get(key);
	if (result === undefined) {
		result = columnKey(key);
		if (FOLDED.size < 10_000) FOLDED.set(key, result);
	}
	return result;
}

/**
 * The column names Map Automatically reads for each field, on top of its API name and English
 * label: the doc's own words for the field (section "IMPORT D'UN LEAD", its parameter list, and
 * the mapping tables' titles) and the usual headers of French forms and sheets. Compared folded:
 * case, accents, spaces and punctuation aside ("Code postal" = "code_postal" = "CODE POSTAL").
 * This is the one table of them: the reading, the error hints, the panel notice and the README
 * list are derived from it.
 */
export const COLUMN_ALIASES: Readonly<Record<FieldName, readonly string[]>> = {
	zipcode: ['Code postal', 'CP', 'Code postal du demandeur', 'Postal code', 'Postcode', 'Zip', 'Zip code'],
	worktype: [
		'Code métier',
		'Code activité',
		'Code activité commercialement prévu',
		'Type de travaux',
		'Travaux',
		'Métier',
		'Activité',
		'Type de projet',
		'Work type',
	],
	email: ['Courriel', 'E-mail', 'Mail', 'Adresse e-mail', 'Adresse mail', 'Email du demandeur', 'Email du particulier'],
	supplierleadid: ['ID du lead dans votre système', 'ID du lead', 'Référence', 'Référence du lead', 'Lead ID'],
	city: ['Ville', 'Ville du demandeur', 'Commune', 'Localité'],
	isowner: [
		'Propriétaire',
		'Statut du demandeur',
		"Statut d'occupation",
		'Propriétaire ou locataire',
		'Êtes-vous propriétaire ?',
		'Owner',
		'Is owner',
	],
	cellphone: [
		'Portable',
		'Mobile',
		'Téléphone portable',
		'Téléphone mobile',
		'Tél portable',
		'Tél. portable',
		'Tél mobile',
		'Numéro de portable',
		'Numéro de mobile',
		'GSM',
		'Mobile phone',
		'Cell phone',
	],
	landline: ['Fixe', 'Téléphone fixe', 'Tél fixe', 'Tél. fixe', 'Numéro de fixe', 'Ligne fixe', 'Landline phone'],
	firstname: ['Prénom', 'Prénom du demandeur', 'First name'],
	lastname: ['Nom', 'Nom de famille', 'Nom de famille du demandeur', 'Last name', 'Surname'],
	civility: ['Civilité', 'Civilité du demandeur', 'Titre', 'Title', 'Salutation'],
	workdescription: ['Libellé du métier', 'Libellé métier', 'Libellé des travaux'],
	housingtype: ['Type de logement', 'Logement', 'Type de bien'],
	address: ['Adresse', 'Adresse postale', 'Adresse du chantier', 'Adresse des travaux', 'Rue'],
	amountofrooms: ['Nombre de pièces', 'Nombre de pièces concernées', 'Pièces', 'Nb pièces', 'Rooms'],
	remindertime: ['Horaire de rappel', 'Heure de rappel', 'Créneau de rappel', 'Rappel', 'Reminder time'],
	delay: ['Délai', 'Délai de réalisation', 'Délai de réalisation des travaux', 'Délai de mise en œuvre du chantier', 'Délai des travaux'],
	area: ['Superficie', 'Superficie en m²', 'Superficie du logement', 'Surface', 'Surface en m²'],
	comment: [
		'Commentaire',
		'Commentaires',
		'Commentaire sur les travaux demandés',
		'Description',
		'Description du projet',
		'Description de votre projet',
		'Votre projet',
		'Message',
		'Précisions',
	],
	yearbuilt: ['Année de construction', 'Année de construction du logement', 'Ancienneté', 'Year build'],
	funding: ['Financement', 'Offre de financement'],
	budget: ['Budget du projet', 'Budget défini par le particulier'],
	token: ['Jeton', 'Token du lead', 'Lead token'],
};

/**
 * Headers that name a phone without saying which (the doc's own words for both cellphone and
 * landline are "numéro de téléphone du demandeur"). Such a column fills whichever of the two the
 * item leaves empty; when both are empty, a mobile number (06, 07) goes to Cellphone and any other
 * to Landline (see fieldsOfItem). A dedicated column (Portable, Fixe...) always wins.
 */
export const PHONE_COLUMNS: readonly string[] = [
	'Téléphone',
	'Tél',
	'Tél.',
	'Numéro de téléphone',
	'Numéro de téléphone du demandeur',
	'Phone',
	'Phone number',
];

/**
 * Headers read for no field, on purpose. `Statut` may be the doc's "statut du demandeur" (owner
 * status) but in a sheet of leads it is as often the lead's Batiweb status written back by Get
 * Status ("Validé"): guessing would send a wrong value, so the column is ignored and a missing
 * Owner Status says which names fill it.
 */
export const IGNORED_COLUMNS: readonly string[] = ['Statut', 'Status'];
