/**
 * The doc's worktype table ("Codes métier"), copied from webservice-doc-2023.txt as it prints it
 * (4 columns there, one row per code here, in the doc's reading order), truncated labels included.
 * It is the reference the catalog is checked against, written out independently of the catalog.
 */
export const DOC_WORKTYPES = `
128	Abri de piscine
146	Démolition avec transports de gravats
110	PAC air-air / Clim Réversible
150	Portes de garage
82	Alarme de piscine
143	Diagnostics Immobiliers
114	Panneaux photovoltaïques
211	Radiateur Électrique
81	Alarme, Télésurveillance, Vidéosurveillance
217	Domotique
72	Papier peint
148	Ramonage
7	Aménagement de combles
232	Douche Senior
74	Parquet
54	Ravalement de façade
201	Antenne TV et satellite
71	Enduit
69	Peinture
172	Récupération d'eaux pluviales
131	Architecte
91	Entretien Chaudière / Chauffe-eau
259	Pergola Bioclimatique
6	Rénovation d'appartement / de maison
233	Baignoire à Porte
102	Entretien climatisation
205	Pergola et Carport
23	Rénovation de couverture
58	Bardage façade
117	Entretien espaces verts
218	Petits travaux électriques
219	Rénovation électrique complète ou partielle
171	Bétons cirés
207	Entretien Pompe à Chaleur
126	Piscine à armatures métalliques
226	Rénovation plomberie complète ou partielle
119	Bétons décoratifs extérieurs
42	Escalier en bois
124	Piscine en dur
94	Salle de bain
260	Borne de recharge
156	Escaliers métalliques
222	Piscine en kit
47	Serrurerie / quincaillerie
75	Carrelage
213	Étanchéité de terrasse
127	Piscine hors sol
73	Sol souple (vinyle, lino, dalles PVC, etc)
19	Charpente bois
26	Étanchéité de Toiture
125	Piscine polyester
129	Spa, Sauna, Hammam
21	Charpente métallique
258	Extension maison
151	Placards et rangements sur mesure
154	Stores
107	Chaudière à granulés
61	Faux plafond
227	Plafond tendu
216	Surélévation maçonnerie
97	Chauffage Électrique
27	Fenêtre de toit
99	Plancher chauffant eau chaude /réversible
28	Surélévation structure bois
98	Chauffage Fioul
16	Fosse septique
100	Plancher chauffant électrique
161	Terrasse en bois
96	Chauffage Gaz
25	Fumisterie - Conduits de Fumée
60	Plaque de plâtre
12	Terrassement
113	Chauffage solaire
108	Géothermie
62	Plâtre traditionnel
225	Traitement de l'eau
106	Chauffe-eau solaire
17	Goudronnage
181	Poêle à bois
141	Traitement de l'humidité
104	Cheminée
183	Gros oeuvre (Extension maison, constr
202	Poêle à Granulés
140	Traitement insecte du bois
101	Climatisation
188	Insert de cheminée
111	Pompe à chaleur air-eau
147	Tubage de conduits de cheminées
157	Cloisons
90	Installation de chauffe-eau / Thermod
223	Pompe à chaleur pour piscine
45	Véranda
121	Clôture
67	Isolation des combles aménageables
32	Portail en aluminium
44	Vitrierie
4	Construction de Maison Individuelle
66	Isolation des combles non aménageab
39	Portail en bois
103	VMC
176	Couverture ardoise
56	Isolation par l'extérieur
35	Portail en PVC
31	Volet battant / Volet roulant en aluminium
22	Couverture tuiles / petits éléments
64	Isolation phonique
30	Porte / Fenêtre en aluminium
38	Volet battant / Volet roulant en bois
24	Couverture zinguerie
65	Isolation thermique des murs intérieu
36	Porte / Fenêtre en bois
34	Volet battant / Volet roulant en PVC
51	Cuisine
184	Maison ossature bois
33	Porte / Fenêtre en PVC
144	Dalles et Chapes
237	Monte Escalier
49	Porte blindée
212	Décrassage / Démoussage de toiture
221	Motorisation portes, portails, volets
182	Porte d'entrée
`
	.trim()
	.split('\n')
	.map((line) => line.split('\t') as [string, string]);
