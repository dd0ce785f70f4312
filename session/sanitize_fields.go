package session

import "unicode/utf8"

// Field is the rule for one kind of participant text: the name its error
// messages use (a term of the errors catalogue, errors.field.<Name>), its length limit in characters after sanitising, whether
// line breaks survive and whether it may be empty. Decide checks every text
// a command carries through one of the rules below, so a kind of text is
// checked the same way by every command that carries it.
type Field struct {
	Name      string // errors.field.<Name> names it in refusals: "The idea is empty."
	Max       int    // characters (runes) after sanitising
	Multiline bool   // line breaks are kept, not joined into spaces
	Required  bool   // empty after sanitising is refused
}

// The field rules, one per kind of participant text. They are values, not
// settings: nothing changes them.
var (
	SessionTitle          = Field{Name: "title", Max: MaxTitleLen, Required: true}
	HorizonName           = Field{Name: "horizon", Max: MaxHorizonLen, Required: true}
	TopicName             = Field{Name: "topic", Max: MaxTopicLen, Required: true}
	ParticipantName       = Field{Name: "name", Max: MaxNameLen, Required: true}
	InstitutionName       = Field{Name: "institution", Max: MaxInstitutionLen, Required: true}
	IdeaText              = Field{Name: "idea", Max: MaxIdeaLen, Multiline: true, Required: true}
	GroupName             = Field{Name: "group_name", Max: MaxGroupNameLen, Required: true}
	CommentText           = Field{Name: "comment", Max: MaxCommentLen, Multiline: true, Required: true}
	DiscussionNotes       = Field{Name: "notes", Max: MaxNotesLen, Multiline: true}
	DiscussionDecision    = Field{Name: "decision", Max: MaxNotesLen, Multiline: true}
	LeadInstitution       = Field{Name: "lead_institution", Max: MaxInstitutionLen}
	SupportingInstitution = Field{Name: "supporting_institution", Max: MaxInstitutionLen, Required: true}
	FeedbackText          = Field{Name: "feedback", Max: MaxFeedbackLen, Multiline: true}
)

// Clean validates and sanitises s by the field's rule. It refuses invalid
// UTF-8, text that is empty after sanitising (when required), and text over
// the limit, each with EINVALID and a message naming the field.
func (f Field) Clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", Refuse(EINVALID, "errors.field_not_utf8", "Field", f.Name)
	}
	out := Sanitize(s, f.Multiline)
	if f.Required && out == "" {
		return "", Refuse(EINVALID, "errors.field_empty", "Field", f.Name)
	}
	if n := utf8.RuneCountInString(out); n > f.Max {
		return "", Refuse(EINVALID, "errors.field_too_long", "Field", f.Name, "Length", n, "Max", f.Max)
	}
	return out, nil
}
