package session

// A programme of sessions (issue 16): sessions grouped under a name in one
// database, such as the two days of "digital.leadership". A session may
// take earlier sessions' road-map items and unplaced candidates as its
// starting material (carry_items): each carried idea keeps its Origin, so
// that merging it with others in this session never loses its history.

// Origin is where a carried item came from.
type Origin struct {
	Session string `json:"session"`           // the earlier session's id
	Title   string `json:"title,omitempty"`   // that session's title
	Day     int    `json:"day,omitempty"`     // its day in the programme
	Item    string `json:"item"`              // the item's id there
	Table   string `json:"table,omitempty"`   // the table it came from there, if any ("Table 3")
	Placed  string `json:"placed,omitempty"`  // its horizon on that session's road map, "" when it was a candidate
	Outcome string `json:"outcome,omitempty"` // its consent outcome there, if any
	Votes   int    `json:"votes,omitempty"`   // its votes there
}
