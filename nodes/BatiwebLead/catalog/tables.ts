import type { CatalogTable } from './types';
import { WORKTYPES } from './worktypes';

/**
 * Batiweb's mapping tables, transcribed from the doc. This folder is the single source of truth
 * for every code and label: the node's option lists, the validation, the label look-ups, the
 * sandbox, the README tables and the tests all read from here.
 */
export const TABLES = {
	isowner: {
		field: 'isowner',
		displayName: 'Owner Status',
		docName: 'IsOwner',
		entries: [
			// A yes/no column ("Êtes-vous propriétaire ?") is the usual shape in a sheet: yes is 1.
			{ value: '1', fr: 'Propriétaire', en: 'Owner', aliases: ['Oui', 'Yes', 'True', 'Vrai'] },
			{ value: '2', fr: 'Locataire', en: 'Tenant' },
			{ value: '3', fr: 'Propriétaire louant son bien', en: 'Landlord (owner letting the property)' },
			{ value: '4', fr: 'Autre', en: 'Other' },
		],
		// "Not owner" may be 2, 3 or 4 of the doc's "Statut du demandeur : IsOwner" table, and 2
		// (a tenant) may be refused by Batiweb (code 6): the node does not guess which.
		refused: {
			spellings: ['Non', 'No', 'False', 'Faux', '0'],
			reason: 'cannot be a plain "no": it does not say which of Locataire (2), Propriétaire louant son bien (3) or Autre (4) the consumer is; give one of 1 (Propriétaire), 2 (Locataire), 3 (Propriétaire louant son bien), 4 (Autre)',
		},
	},
	civility: {
		field: 'civility',
		displayName: 'Civility',
		docName: 'CIVILITY',
		// The doc's import example sends "M." although the table says 1 = Monsieur: both are
		// accepted as input, and the node sends the table's value.
		entries: [
			{ value: '1', fr: 'Monsieur', en: 'Mr', aliases: ['M.', 'M', 'Mr.', 'Mister'] },
			{
				value: '2',
				fr: 'Madame',
				en: 'Mrs',
				aliases: ['Mme', 'Mme.', 'Mrs.', 'Ms', 'Ms.', 'Mlle', 'Mademoiselle', 'Miss'],
			},
		],
	},
	housingtype: {
		field: 'housingtype',
		displayName: 'Housing Type',
		docName: 'HousingType',
		entries: [
			{ value: '1', fr: 'Maison', en: 'House' },
			{ value: '2', fr: 'Appartement', en: 'Flat' },
			{ value: '3', fr: 'Locaux professionnels', en: 'Business premises' },
			{ value: '4', fr: 'Autre', en: 'Other' },
		],
	},
	remindertime: {
		field: 'remindertime',
		displayName: 'Callback Time',
		docName: 'Remindertime',
		ordered: true,
		entries: [
			{ value: '1', fr: 'Tout le temps', en: 'Any time' },
			{ value: '2', fr: 'De 9h à 11h', en: '9 am to 11 am' },
			{ value: '3', fr: 'De 11h à 13h', en: '11 am to 1 pm' },
			{ value: '4', fr: 'De 13h à 15h', en: '1 pm to 3 pm' },
			{ value: '5', fr: 'De 15h à 17h', en: '3 pm to 5 pm' },
			{ value: '6', fr: 'De 17h à 19h', en: '5 pm to 7 pm' },
		],
	},
	delay: {
		field: 'delay',
		displayName: 'Delay',
		docName: 'Delay',
		ordered: true,
		entries: [
			{ value: '1', fr: 'Immédiat', en: 'Immediately' },
			{ value: '2', fr: 'Sous un mois', en: 'Within a month' },
			{ value: '3', fr: 'Inférieur à 3 mois', en: 'Within 3 months' },
			{ value: '4', fr: 'De 3 à 6 mois', en: '3 to 6 months' },
			{ value: '5', fr: 'Plus de 6 mois', en: 'More than 6 months' },
		],
	},
	area: {
		field: 'area',
		displayName: 'Area',
		docName: 'Area',
		ordered: true,
		entries: [
			{ value: '1', fr: 'Moins de 10 m²', en: 'Under 10 m²' },
			{ value: '2', fr: 'De 10 à 20 m²', en: '10 to 20 m²' },
			{ value: '3', fr: 'De 20 à 30 m²', en: '20 to 30 m²' },
			{ value: '4', fr: 'De 30 à 50 m²', en: '30 to 50 m²' },
			{ value: '5', fr: 'De 50 à 75 m²', en: '50 to 75 m²' },
			{ value: '6', fr: 'De 75 à 120 m²', en: '75 to 120 m²' },
			{ value: '7', fr: 'De 120 à 200 m²', en: '120 to 200 m²' },
			{ value: '8', fr: 'Plus de 200 m²', en: 'Over 200 m²' },
			{ value: '9', fr: 'Ne sait pas', en: "Doesn't know" },
		],
	},
	yearbuilt: {
		field: 'yearbuilt',
		displayName: 'Year Built',
		docName: 'Yearbuild',
		ordered: true,
		entries: [
			{ value: '1', fr: 'Neuf', en: 'New build' },
			{ value: '2', fr: 'Moins de 2 ans', en: 'Less than 2 years old' },
			{ value: '3', fr: 'Après 1974', en: 'After 1974' },
			{ value: '4', fr: 'Avant 1974', en: 'Before 1974' },
			{ value: '5', fr: 'Ne sait pas', en: "Doesn't know" },
		],
	},
	funding: {
		field: 'funding',
		displayName: 'Funding',
		docName: 'Funding',
		entries: [
			{ value: '1', fr: 'Comptant', en: 'Cash' },
			{ value: '2', fr: 'Crédit', en: 'Loan' },
			{ value: '3', fr: 'A définir', en: 'To be decided' },
		],
	},
	budget: {
		field: 'budget',
		displayName: 'Budget',
		docName: 'BUDGET',
		ordered: true,
		entries: [
			{ value: '1', fr: 'Moins de 1500€', en: 'Under €1,500' },
			{ value: '2', fr: 'Entre 1500€ et 6000€', en: '€1,500 to €6,000' },
			{ value: '3', fr: 'Plus de 6000€', en: 'Over €6,000' },
			{ value: '4', fr: 'Ne sait pas', en: "Doesn't know" },
		],
	},
	status: {
		field: 'status',
		displayName: 'Lead Status',
		docName: 'Status',
		// Values 4 and 6 carry labels copied from the Budget table by mistake in the doc; their real
		// meaning is unknown, so we invent none: the node shows the label the service returns.
		// `final` is our reading (the doc says nothing): a refusal reason will not change, while
		// "unreachable" may still become validated once the consumer is reached.
		entries: [
			{ value: '1', fr: 'Validé', en: 'Validated', final: true },
			{ value: '2', fr: 'Injoignable', en: 'Unreachable', final: false },
			{ value: '4', fr: 'Plus de 6000€', en: 'Status 4 (meaning not documented)', labelIsDocError: true, final: false },
			{ value: '6', fr: 'Ne sait pas', en: 'Status 6 (meaning not documented)', labelIsDocError: true, final: false },
			{ value: '10', fr: 'Sans projet réel', en: 'No real project', final: true },
			{ value: '11', fr: 'Faux numéro', en: 'Wrong number', final: true },
			{ value: '12', fr: 'Doublon', en: 'Duplicate', final: true },
			{ value: '13', fr: 'Assez de devis', en: 'Has enough quotes', final: true },
			{ value: '15', fr: 'Demande mensongère', en: 'False request', final: true },
			{ value: '16', fr: 'Exclusivement par mail', en: 'Email contact only', final: true },
			{ value: '18', fr: 'Projet Hors France Métropolitaine', en: 'Project outside mainland France', final: true },
			{ value: '23', fr: 'Tests', en: 'Test lead', final: true },
		],
	},
	worktype: {
		field: 'worktype',
		displayName: 'Worktype',
		docName: 'Worktype',
		entries: WORKTYPES,
	},
} as const satisfies Record<string, CatalogTable>;

export type TableName = keyof typeof TABLES;

/** The tables whose values a request field takes (every table but Status). */
export type FieldTableName = Exclude<TableName, 'status'>;
