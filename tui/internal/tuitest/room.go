package tuitest

import (
	"slices"

	"roundtable/session"
)

// roomInstitutions are the 41 institutions Fill adds to the fixture's
// four: 45 in all, as in the reference workshop.
var roomInstitutions = []string{
	"Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi", "Təhsil Nazirliyi", "Səhiyyə Nazirliyi", "Ədliyyə Nazirliyi",
	"Maliyyə Nazirliyi", "Xarici İşlər Nazirliyi", "Daxili İşlər Nazirliyi", "Kənd Təsərrüfatı Nazirliyi",
	"Energetika Nazirliyi", "Ekologiya və Təbii Sərvətlər Nazirliyi", "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi",
	"Mədəniyyət Nazirliyi", "Gənclər və İdman Nazirliyi", "Fövqəladə Hallar Nazirliyi", "Müdafiə Nazirliyi",
	"Dövlət Statistika Komitəsi", "Dövlət Gömrük Komitəsi", "Dövlət Vergi Xidməti", "Mərkəzi Bank",
	"Dövlət Miqrasiya Xidməti", "Dövlət Sərhəd Xidməti", "Əmlak Məsələləri Dövlət Xidməti", "Dövlət Turizm Agentliyi",
	"Kiçik və Orta Biznesin İnkişafı Agentliyi", "Dövlət Məşğulluq Agentliyi", "Azərbaycan Standartlaşdırma İnstitutu",
	"Elektron Təhlükəsizlik Xidməti", "AzInTelecom", "Azərpoçt", "Dövlət İmtahan Mərkəzi", "Bakı Şəhər İcra Hakimiyyəti",
	"Sumqayıt Şəhər İcra Hakimiyyəti", "Gəncə Şəhər İcra Hakimiyyəti", "İqtisadi İslahatların Təhlili və Kommunikasiya Mərkəzi",
	"Prezident Administrasiyası", "Nazirlər Kabineti", "Milli Məclis Aparatı", "Hesablama Palatası",
	"Qida Təhlükəsizliyi Agentliyi", "Министерство экономики", "TƏBİB",
}

// roomNames are the 58 other people Fill adds.
var roomNames = []string{
	"Elvin Məmmədov", "Günel Əliyeva", "Orxan Hüseynov", "Səbinə Quliyeva", "Kamran Həsənov", "Nigar İsmayılova",
	"Tural Abbasov", "Ləman Rzayeva", "Rauf Babayev", "Aytən Nəsibova", "Фарид Гасанов", "Наталья Кузнецова",
	"Vüsal Cəfərov", "Könül Mehdiyeva", "Ramil Səfərov", "Sevda Kərimova", "Anar Vəliyev", "Aysu Orucova",
	"Дмитрий Орлов", "Zaur Əhmədov", "Fidan Bayramova", "Rəşad Novruzov", "Şəbnəm Qasımova", "Emin Mustafayev",
	"Ирина Соколова", "Cavid Məlikov", "Lalə Süleymanova", "Nicat Ağayev", "Gülnar Rəhimova", "İlqar Əsədov",
	"Сергей Волков", "Nərmin Hacıyeva", "Elşən Salmanov", "Vüsalə Tağıyeva", "Mirzə Əlizadə", "Ülviyyə Zeynalova",
	"Pərviz Kazımov", "Xədicə Paşayeva", "Murad Şükürov", "Aynurə Bağırova", "Анна Морозова", "Fərid Nağıyev",
	"Səidə Allahverdiyeva", "Toğrul İbrahimov", "Jalə Əmirova", "Bəxtiyar Sadıqov", "Röya Məmmədli", "Cəlal Yusifov",
	"Esmira Həşimova", "Qabil Rüstəmov", "Ольга Павлова", "Samir Abdullayev", "Təranə Musayeva", "Yusif Ələkbərov",
	"Zümrüd Həbibova", "Kənan Əfəndiyev", "Mehriban Nuriyeva", "Ruslan Cabbarov",
}

// Fill brings the room up to 65 people from 45 institutions, as in the
// reference workshop: 60 more participants, among them two "Aynur
// Quliyeva" of the same ministry; most are online, every third is
// done with the phase, and in the vote phase every fourth has voted. It
// returns their ids in joining order, the two namesakes first.
func (f *Fixture) Fill() []string {
	c := f.Conn
	phase := c.Srv.Phase
	var ids []string
	add := func(name, inst string) {
		ids = append(ids, c.Join(name, inst))
	}
	add("Aynur Quliyeva", "Təhsil Nazirliyi")
	add("Aynur Quliyeva", "Təhsil Nazirliyi") // a namesake from the same ministry: the labels number them
	for k, name := range roomNames {
		add(name, roomInstitutions[k%len(roomInstitutions)])
	}
	online := slices.Clone(c.Online())
	for k, id := range ids {
		if k%7 != 3 {
			online = append(online, id)
		}
		if k%3 == 0 && phase != session.PhaseLobby && phase != session.PhaseClosed {
			c.By(id, session.Command{Type: session.CmdMarkDone})
		}
		if k%4 == 0 && phase == session.PhaseVote {
			c.By(id, session.Command{Type: session.CmdVote, Item: f.Groups["infra"], Delta: 1})
		}
	}
	session.ByID(online)
	c.Mu.Lock()
	c.online = online
	c.Mu.Unlock()
	c.Signal()
	return ids
}
