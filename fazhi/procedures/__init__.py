"""法定程序: procedures declared as data, and the one engine that runs them.

- `definitions`: Citation, Guard, State, Step, Procedure and the registry (each app declares its
  procedures in its own `procedures.py`, discovered at start-up);
- `models`: the ProcedureRecord mixin for domain models and the StepRecord history;
- `services.step_take`: a step in one locked transaction (StepForbidden → 403/404,
  StepRefused → 409 with reasons and articles);
- `recording.record_step`: the single seam through which steps reach the ledger;
- `selectors`: what a person can do next on a record and what each step still needs, history;
- `diagram`: a procedure as inline SVG; `views`: the procedure pages of the workspace;
- `checks`: start-up checks of the definitions and of the models that run them.

Why no state-machine library. django-fsm-2 and viewflow.fsm declare transitions as decorators
on model methods: a procedure ends up spread over a model class instead of being one piece of
data; conditions are bare booleans (viewflow's can carry a message, neither a legal citation);
the permission hook sees a user but not the unit the person acts in; logging hangs on signals;
django-fsm-2's concurrency guard (ConcurrentTransitionMixin) is an optimistic check at save()
that would sit beside, not replace, the row lock; the diagrams are Graphviz DOT, which needs a
binary or a JS renderer. python-transitions takes states and transitions as data, but binds
trigger methods onto the object, keeps the state in memory, knows nothing of database locks,
and its conditions are booleans too. What the domain needs — roles held through posts in
units, guards that return a Chinese reason and the article, deadline rules started and
stopped, the data a step records, a row lock, one recorder for the ledger — would all sit
outside any of them, and what they would contribute (find the step that leaves the current
state, set its target) is a dictionary lookup. So `definitions` holds the data and
`services.step_take` is the engine, a few hundred lines in all.
"""
