" Vim syntax file
" Language: styr rule files (.styr), English and Danish keywords
" The keyword lists are tested against the scanner's table (tests/test_editors.c).

if exists("b:current_syntax")
  finish
endif

" Names hold letters of any language (belægning, år).
setlocal iskeyword=@,48-57,_,192-255

" English keywords
syn keyword styrKeyword agreement aim all allocate among and any as by columns dataset dated
syn keyword styrKeyword define each else emit exists explained false flag for force format
syn keyword styrKeyword from group header if import in info join key let message not on
syn keyword styrKeyword optional or otherwise parameter per require requirement show table target
syn keyword styrKeyword then to true weighted when where
syn keyword styrKeyword test given expect passes fails met missed flags has with

" Danish keywords
syn keyword styrKeyword aftale tilstræb alle fordel blandt og enhver som efter kolonner
syn keyword styrKeyword datasæt dateret definer hver ellers udskriv findes forklaret falsk
syn keyword styrKeyword marker kraft fra grupper overskrift hvis importer i oplysning kobl
syn keyword styrKeyword nøgle lad besked ikke på valgfri eller subsidiært fastsæt kræv krav
syn keyword styrKeyword vis tabel mål så til sand vægtet når hvor
syn keyword styrKeyword afprøv givet forvent består fejler opfyldt forfejlet markerer har med

syn match   styrComment   "#.*$" contains=@Spell
syn region  styrDocString start=+"""+ end=+"""+ contains=@Spell
syn region  styrString    start=+"+ skip=+\\[\\"]+ end=+"+ end=+$+ contains=styrEscape,styrInterp,@Spell
syn match   styrEscape    contained +\\[\\"nt]\|{{\|}}+
syn region  styrInterp    contained matchgroup=styrInterpDelim start=+{+ end=+}+ contains=styrKeyword,styrString,styrNumber,styrDate,styrOperator
syn match   styrDate      "\<\d\{4}-\d\{2}-\d\{2}\>"
syn match   styrNumber    "\<\d\+\(_\d\+\)*\(\.\d\+\)\=" nextgroup=styrUnit,styrPercent skipwhite
syn match   styrPercent   contained "%"
syn keyword styrUnit      contained kr dkk DKK day days hour hours month months
syn match   styrOperator  "<=\|>=\|!=\|[≤≥≠=<>+*/^−-]"

hi def link styrKeyword     Keyword
hi def link styrComment     Comment
hi def link styrDocString   String
hi def link styrString      String
hi def link styrEscape      SpecialChar
hi def link styrInterpDelim Delimiter
hi def link styrDate        Constant
hi def link styrNumber      Number
hi def link styrUnit        Type
hi def link styrPercent     Type
hi def link styrOperator    Operator

let b:current_syntax = "styr"
