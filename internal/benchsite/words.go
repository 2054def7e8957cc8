package benchsite

// The words the archive is made of.

var committeeNames = []string{
	"Scrutiny Co-ordination Committee", "Audit and Procurement Committee", "Planning Committee",
	"Licensing and Regulatory Committee", "Cabinet", "Health and Social Care Scrutiny Board",
	"Education and Children's Services Scrutiny Board", "Finance and Corporate Services Scrutiny Board",
	"Business, Economy and Enterprise Scrutiny Board", "Communities and Neighbourhoods Scrutiny Board",
	"Ethics Committee", "Pensions Committee", "Employment Committee", "Health and Wellbeing Board",
	"Council", "Appeals Committee", "Standards Committee", "Housing Scrutiny Board",
	"Transport and Highways Committee", "Climate Change Board", "Corporate Parenting Board",
	"Adult Social Care Scrutiny Board", "Shareholder Committee", "Statutory Licensing Committee",
}

var surnames = []string{
	"Akhtar", "Andrews", "Bailey", "Bigham", "Brown", "Clifford", "Dhillon", "Duggins", "Gannon", "Hetherton",
	"Innes", "Jandu", "Kelly", "Khan", "Lepoidevin", "Maddox", "McNicholas", "Miks", "Mutton", "Noonan",
	"O'Boyle", "Ridley", "Ruane", "Sandy", "Seaman", "Singh", "Skinner", "Taylor", "Thay", "Walsh", "Whitfield",
}

var venues = []string{
	"Diamond Rooms 1 and 2, Council House", "Committee Room 3, Council House", "Committee Room 2, Council House",
	"Council Chamber, Council House", "Room 1, One Friargate",
}

var officers = []string{"Jo Ashby", "Usha Patel", "Liz Knight", "Michelle Salmon", "Carolyn Sinclair", "Suzanne Bennett"}

// topic is what a meeting's main report is about, and what its datasets count.
type topic struct {
	title, presenter string
	measure, unit    string // what the monthly series counts, and in what
	source, service  string
}

var topics = []topic{
	{"Neighbourhood Policing in the City", "Chief Superintendent A Morris, West Midlands Police", "Residential burglary", "offences", "West Midlands Police recorded crime", "Neighbourhood policing"},
	{"Fly-tipping and Street Cleansing", "Head of Streetpride and Parks", "Reports of fly-tipping", "reports", "Streetpride case records", "Street cleansing"},
	{"Adult Social Care Demand", "Director of Adult Services", "Requests for support", "requests", "Adult social care records", "Adult social care"},
	{"Children's Services Improvement", "Director of Children's Services", "Referrals to children's social care", "referrals", "Children's services case records", "Children's social care"},
	{"Homelessness and Temporary Accommodation", "Head of Housing", "Households in temporary accommodation", "households", "Housing options records", "Housing options"},
	{"Highways Maintenance Programme", "Head of Highways", "Potholes reported", "reports", "Highways asset records", "Highways"},
	{"Planning Performance", "Chief Planning Officer", "Planning applications received", "applications", "Planning register", "Development management"},
	{"Contact Centre Performance", "Head of Customer Services", "Calls abandoned", "calls", "Contact centre telephony records", "Customer services"},
	{"Waste and Recycling Collections", "Head of Waste Services", "Missed bin collections", "collections", "Waste services records", "Waste collection"},
	{"Internal Audit Progress", "Chief Internal Auditor", "Audit recommendations overdue", "recommendations", "Internal audit tracker", "Internal audit"},
}

var (
	connectors = []string{"however,", "in addition,", "as a result,", "over the same period,", "at the same time,", "in practice,", "for this reason,"}
	subjects   = []string{"the service", "the committee", "the council", "the partnership board", "the lead officer", "the cabinet member", "the programme team", "the audit team", "the director", "the neighbourhood team", "the housing team", "the scrutiny board"}
	verbs      = []string{"has reviewed", "expects to complete", "continues to monitor", "has reported on", "will consult on", "has improved", "is reshaping", "plans to reduce", "has delivered", "must prioritise", "is preparing", "has commissioned", "asked for an update on"}
	objects    = []string{
		"the annual work programme", "the pressures on social care budgets", "response times in the city centre",
		"the backlog of planning appeals", "the savings agreed in February", "its approach to early intervention",
		"the condition of the highway network", "demand for temporary accommodation", "the recommendations of the internal audit",
		"the delivery of the capital programme", "the use of agency staff", "the performance of the contact centre",
		"the recruitment of experienced social workers", "the data shared between partners", "the review of fees and charges",
	}
	tails = []string{
		"over the coming year", "within the agreed budget", "in line with the committee's request", "across every ward",
		"before the end of the municipal year", "with partners in health and the voluntary sector", "as the last report promised",
		"despite rising demand", "as the figures below show", "subject to the outcome of the consultation",
	}
	months      = []string{"June", "July", "September", "October", "November", "January", "March"}
	statuses    = []string{"Complete", "On track", "Delayed", "Not started"}
	levels      = []string{"Low", "Medium", "High"}
	budgetLines = []string{"Employees", "Premises", "Transport", "Supplies and services", "Third-party payments", "Income"}
)
